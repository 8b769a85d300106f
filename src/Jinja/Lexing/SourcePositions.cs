namespace InstructLab.Aspire.Jinja.Lexing;

/// <summary>Turns an offset in the template into a 1-based line and column.</summary>
internal sealed class SourcePositions
{
    private readonly List<int> lineStarts = [0];

    public SourcePositions(string source)
    {
        for (var i = source.IndexOf('\n'); i >= 0; i = source.IndexOf('\n', i + 1))
        {
            lineStarts.Add(i + 1);
        }
    }

    public (int Line, int Column) Of(int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }
}
