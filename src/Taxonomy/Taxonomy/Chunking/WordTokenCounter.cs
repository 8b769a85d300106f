using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>Counts whitespace-separated words, InstructLab's own measure of chunk size when no tokenizer is known.</summary>
public sealed partial class WordTokenCounter : ITokenCounter
{
    public static readonly WordTokenCounter Instance = new();

    public string Name => "words";

    public ValueTask<int> CountAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Word().Count(text));

    [GeneratedRegex(@"\S+")]
    private static partial Regex Word();
}
