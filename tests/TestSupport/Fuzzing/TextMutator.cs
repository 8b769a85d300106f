namespace InstructLab.Aspire.TestSupport.Fuzzing;

/// <summary>
/// Mutates a valid text file (YAML) line by line with a fixed-seed <see cref="Random"/>: lines dropped, doubled,
/// re-indented, cut, or given YAML's hostile bits (aliases, tags, tabs, flow brackets, huge scalars, NUL).
/// </summary>
public static class TextMutator
{
    private static readonly string[] Pieces =
    [
        "&a [*a, *a]", "*a", "!!python/object:os.system", "\t", "[", "]", "{", "}", ": ", "- ", "? ", "|", ">", "%YAML 1.1", "---", "...", "\0",
        "<<: *a", "'", "\"", "#", "~", "0x1F", "1e309", "2024-13-45", new string('x', 10_000), "ü💥",
    ];

    public static string Mutate(string valid, Random random, int edits)
    {
        var lines = valid.Split('\n').ToList();
        for (var i = 0; i < edits && lines.Count > 0; i++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[at]);
                    break;
                case 2:
                    lines[at] = new string(' ', random.Next(9)) + lines[at].TrimStart();
                    break;
                case 3:
                    lines[at] = lines[at][..random.Next(lines[at].Length + 1)];
                    break;
                default:
                    var line = lines[at];
                    var position = random.Next(line.Length + 1);
                    lines[at] = line[..position] + Pieces[random.Next(Pieces.Length)] + line[position..];
                    break;
            }
        }
        return string.Join('\n', lines);
    }
}
