using System.Text;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>Turns JSON pointers into the field paths people read: <c>seed_examples[2].questions_and_answers</c>.</summary>
internal static class FieldPath
{
    public const string Top = ".";

    public static string[] Segments(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer.TrimStart('/').Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    public static string Of(IReadOnlyList<string> segments)
    {
        if (segments.Count == 0)
        {
            return Top;
        }
        var path = new StringBuilder();
        foreach (var segment in segments)
        {
            if (int.TryParse(segment, out _))
            {
                path.Append('[').Append(segment).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(segment);
            }
        }
        return path.ToString();
    }
}
