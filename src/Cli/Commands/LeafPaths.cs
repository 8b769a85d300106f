using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>Leaf paths in tables: one line each, shortened from the left ("…/linguistics/synonyms") so the table fits the terminal.</summary>
internal static class LeafPaths
{
    /// <summary><paramref name="path"/> in at most <paramref name="width"/> characters, its end kept.</summary>
    public static string ShortenLeft(string path, int width) => path.Length <= width ? path : "…" + path[^(Math.Max(1, width) - 1)..];

    /// <summary>
    /// The width left for a table's first (leaf) column on <paramref name="console"/>, given the other columns' cells
    /// (their headers included): what the terminal has, less their widths and the borders; at least 16.
    /// </summary>
    public static int Width(IAnsiConsole console, IReadOnlyList<IReadOnlyList<string>> otherColumns)
    {
        var others = otherColumns.Sum(cells => cells.Max(cell => cell.Length));
        // A rounded table has a border and a space each side of every cell: 3 characters per column, and 1 more.
        return Math.Max(16, console.Profile.Width - others - 3 * (otherColumns.Count + 1) - 1);
    }
}
