using System.Text;
using InstructLab.Aspire.Taxonomy.Chunking;
using InstructLab.Aspire.Taxonomy.Documents;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>Chunks follow Markdown structure: tables whole when they fit, rows when not, new chunks at headings.</summary>
public sealed class MarkdownChunkerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATableThatFitsIsNeverCut()
    {
        var text = Paragraphs(6, 20) + Table(rows: 8) + "\n" + Paragraphs(6, 20);
        var table = Span(text, "| Species");

        var chunks = await Chunk(text, max: 120, overlap: 10);

        Assert.Contains(chunks, c => c.Start <= table.Start && c.End >= table.End);
        Assert.DoesNotContain(chunks, c => c.End > table.Start && c.End < table.End);
    }

    [Fact]
    public async Task ATableTooLargeIsCutBetweenRows()
    {
        var text = Table(rows: 80);

        var chunks = await Chunk(text, max: 100, overlap: 0);

        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c =>
        {
            Assert.True(c.Tokens <= 100);
            Assert.StartsWith("|", c.Text);
            Assert.EndsWith("|", c.Text);
        });
    }

    [Fact]
    public async Task AHeadingStartsANewChunkOnceTheCurrentOneIsHalfFull()
    {
        var text = "# One\n\n" + Paragraphs(3, 25) + "# Two\n\n" + Paragraphs(3, 25);

        var chunks = await Chunk(text, max: 140, overlap: 0);

        // Both sections (~80 words each) would fit 140 only apart; the first is past half full when "# Two" comes.
        Assert.Equal(["One", "Two"], chunks.Select(c => c.Section));
        Assert.StartsWith("# Two", chunks[1].Text);
    }

    [Fact]
    public async Task AnyCounterBoundsTheChunks()
    {
        var text = Paragraphs(40, 30);
        var characters = new CharacterCounter();

        var chunks = await new MarkdownChunker(characters, new ChunkingOptions { MaxTokens = 200, OverlapTokens = 20 }).ChunkAsync(Document(text), Cancel);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.InRange(c.Text.Length / 4, 1, 200));
    }

    [Theory]
    [InlineData(8, 0, "MaxTokens")]
    [InlineData(100, 50, "OverlapTokens")]
    public async Task BadOptionsAreNamed(int max, int overlap, string parameter)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Chunk("text", max, overlap));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains("chunking.", error.Message);
    }

    private static Task<IReadOnlyList<DocumentChunk>> Chunk(string text, int max, int overlap) =>
        new MarkdownChunker(WordTokenCounter.Instance, new ChunkingOptions { MaxTokens = max, OverlapTokens = overlap }).ChunkAsync(Document(text), Cancel);

    private static KnowledgeDocument Document(string text) => new("doc.md", text, "/repo", "abc", "");

    private static (int Start, int End) Span(string text, string tableStart)
    {
        var start = text.IndexOf(tableStart, StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return (start, end);
    }

    private static string Paragraphs(int count, int words) =>
        string.Concat(Enumerable.Range(0, count).Select(p => string.Join(' ', Enumerable.Range(0, words).Select(w => $"word{p}x{w}")) + ".\n\n"));

    private static string Table(int rows)
    {
        var table = new StringBuilder("| Species | Weight | Range |\n|---|---|---|\n");
        for (var row = 0; row < rows; row++)
        {
            table.Append($"| chickadee {row} | {row} grams | north america |\n");
        }
        return table.ToString();
    }

    /// <summary>A stand-in for a tokenizer with ~4 characters per token.</summary>
    private sealed class CharacterCounter : ITokenCounter
    {
        public string Name => "characters/4";

        public ValueTask<int> CountAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(text.Length / 4);
    }
}
