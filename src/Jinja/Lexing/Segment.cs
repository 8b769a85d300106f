namespace InstructLab.Aspire.Jinja.Lexing;

/// <summary>What a piece of template source is.</summary>
internal enum SegmentKind
{
    Text,
    Output,
    Statement,
}

/// <summary>Template text, or the inside of a <c>{{ }}</c> or <c>{% %}</c> tag, with where it starts.</summary>
internal sealed record Segment(SegmentKind Kind, string Content, int Line, int Column);
