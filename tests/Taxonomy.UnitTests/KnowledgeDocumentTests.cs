using InstructLab.Aspire.Taxonomy.Chunking;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>
/// The black-capped chickadee knowledge leaf of the sample, its document served from a git repository built here
/// from the real document: read at exactly the pinned commit, chunked within the limit, with provenance.
/// </summary>
public sealed class KnowledgeDocumentTests : IDisposable
{
    private const string LeafPath = "knowledge/science/animals/birds/black_capped_chickadee/qna.yaml";
    private readonly TemporaryDirectory folder = new("documents");
    private readonly GitRepository repository;
    private readonly string original;
    private readonly string pinned;
    private readonly string later;

    public KnowledgeDocumentTests()
    {
        var documents = SharedFiles.RequireData("knowledge-docs", "juliadenham", "Summit_knowledge");
        repository = GitRepository.Init(folder.Combine("Summit_knowledge"));
        repository.Copy(documents, "");
        original = File.ReadAllText(Path.Combine(documents, "chickadee.md")).ReplaceLineEndings("\n");
        pinned = repository.Commit("documents");
        repository.File("chickadee.md", original + "\nThis sentence was added after the pinned commit.\n");
        later = repository.Commit("edit after the pin");
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private DocumentOptions Options => new() { CacheDirectory = folder.Combine("cache") };

    [Fact]
    public async Task TheLeafsDocumentIsReadAtExactlyItsCommit()
    {
        var leaf = SampleLeaf();
        var resolver = new KnowledgeDocumentResolver(Options);

        var atPin = await resolver.ResolveAsync(leaf.Document! with { Repo = repository.Path, Commit = pinned }, Cancel);
        var atLater = await resolver.ResolveAsync(leaf.Document! with { Repo = repository.Path, Commit = later }, Cancel);

        var document = Assert.Single(atPin.Documents);
        Assert.Equal(("chickadee.md", pinned, original), (document.Path, document.Commit, document.Text));
        Assert.Contains("added after the pinned commit", Assert.Single(atLater.Documents).Text);
    }

    [Fact]
    public async Task AMirrorMapServesTheLeafsOwnUrlOffline()
    {
        var leaf = SampleLeaf();
        var options = Options;
        options.Mirrors[leaf.Document!.Repo] = "file://" + repository.Path;

        var set = await new KnowledgeDocumentResolver(options).ResolveAsync(leaf.Document with { Commit = pinned }, Cancel);

        var document = Assert.Single(set.Documents);
        Assert.Equal(("https://github.com/juliadenham/Summit_knowledge", original), (document.Repo, document.Text));
    }

    [Fact]
    public async Task ChunksStayWithinTheLimitAndAreSlicesOfTheDocument()
    {
        var document = Assert.Single((await new KnowledgeDocumentResolver(Options)
            .ResolveAsync(SampleLeaf().Document! with { Repo = repository.Path, Commit = pinned }, Cancel)).Documents);

        var chunks = await new MarkdownChunker(WordTokenCounter.Instance, new ChunkingOptions { MaxTokens = 300, OverlapTokens = 30 })
            .ChunkAsync(document, Cancel);

        Assert.True(chunks.Count > 5, $"{chunks.Count} chunks");
        Assert.All(chunks, chunk =>
        {
            Assert.InRange(chunk.Tokens, 1, 300);
            Assert.Equal(document.Text[chunk.Start..chunk.End], chunk.Text);
            Assert.Equal(("chickadee.md", repository.Path, pinned), (chunk.SourcePath, chunk.Repo, chunk.Commit));
        });
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        // Each chunk starts inside the previous one (the overlap) and goes past its end.
        Assert.All(chunks.Zip(chunks.Skip(1)), pair =>
        {
            Assert.InRange(pair.Second.Start, pair.First.Start + 1, pair.First.End - 1);
            Assert.True(pair.Second.End > pair.First.End);
        });
        Assert.Equal((document.Text.Length - document.Text.TrimStart().Length, document.Text.TrimEnd().Length), (chunks[0].Start, chunks[^1].End));
        Assert.Contains(chunks, c => c.Section is not null);
    }

    [Theory]
    [InlineData("../outside.md", "document.patterns[0] '../outside.md' reaches outside the repository with '..'")]
    [InlineData("/etc/passwd", "document.patterns[0] '/etc/passwd' is an absolute path")]
    public async Task PatternsThatLeaveTheRepositoryAreRefused(string pattern, string message)
    {
        var error = await Assert.ThrowsAsync<DocumentException>(() => new KnowledgeDocumentResolver(Options)
            .ResolveAsync(new KnowledgeDocumentRef(repository.Path, pinned, [pattern]), Cancel));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public async Task SymbolicLinksAreFollowedInsideTheRepositoryAndRefusedOutside()
    {
        File.WriteAllText(folder.Combine("secret.md"), "outside the repository");
        File.CreateSymbolicLink(Path.Combine(repository.Path, "alias.md"), "chickadee.md");
        var inside = repository.Commit("link inside");
        File.CreateSymbolicLink(Path.Combine(repository.Path, "escape.md"), "../secret.md");
        var outside = repository.Commit("link outside");
        var resolver = new KnowledgeDocumentResolver(Options);

        var followed = await resolver.ResolveAsync(new KnowledgeDocumentRef(repository.Path, inside, ["alias.md"]), Cancel);
        var error = await Assert.ThrowsAsync<DocumentException>(() =>
            resolver.ResolveAsync(new KnowledgeDocumentRef(repository.Path, outside, ["*.md"]), Cancel));

        Assert.Equal(File.ReadAllText(Path.Combine(repository.Path, "chickadee.md")), Assert.Single(followed.Documents).Text);
        Assert.Equal("document 'escape.md' is a symbolic link to '../secret.md', which is outside the repository", error.Message);
    }

    [Fact]
    public async Task APlainFolderIsReadWithAWarningAndEscapingLinksAreRefused()
    {
        var plain = folder.Combine("plain");
        Directory.CreateDirectory(Path.Combine(plain, "docs"));
        File.WriteAllText(Path.Combine(plain, "docs", "birds.md"), "# Birds\n\nChickadees cache food.\n");
        File.WriteAllText(folder.Combine("private.md"), "not yours");
        var resolver = new KnowledgeDocumentResolver(Options);

        var set = await resolver.ResolveAsync(new KnowledgeDocumentRef(plain, "ignored", ["docs/*.md"]), Cancel);
        File.CreateSymbolicLink(Path.Combine(plain, "docs", "leak.md"), Path.Combine(folder.Path, "private.md"));
        var error = await Assert.ThrowsAsync<DocumentException>(() => resolver.ResolveAsync(new KnowledgeDocumentRef(plain, "", ["docs/*.md"]), Cancel));

        Assert.Equal(("docs/birds.md", "# Birds\n\nChickadees cache food.\n"), (Assert.Single(set.Documents).Path, set.Documents[0].Text));
        Assert.Contains("is a plain folder, not a git repository", Assert.Single(set.Warnings));
        Assert.Contains("document 'docs/leak.md' is a symbolic link", error.Message);
    }

    [Fact]
    public async Task PdfDocumentsAreReadAsText()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Chickadees hide seeds to eat later.", 12, new PdfPoint(50, 700), font);
        File.WriteAllBytes(Path.Combine(repository.Path, "facts.pdf"), builder.Build());
        var commit = repository.Commit("a pdf");

        var set = await new KnowledgeDocumentResolver(Options).ResolveAsync(new KnowledgeDocumentRef(repository.Path, commit, ["*.pdf"]), Cancel);

        Assert.Equal("Chickadees hide seeds to eat later.", Assert.Single(set.Documents).Text);
    }

    [Theory]
    [InlineData("notes.docx", "'.docx' files are not supported; supported are .md, .markdown, .txt, .pdf")]
    public async Task UnsupportedDocumentTypesAreNamed(string file, string message)
    {
        repository.File(file, "binary");
        var commit = repository.Commit("other file");

        var error = await Assert.ThrowsAsync<DocumentException>(() =>
            new KnowledgeDocumentResolver(Options).ResolveAsync(new KnowledgeDocumentRef(repository.Path, commit, [file]), Cancel));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task BadRepositoriesAndCommitsAreNamed()
    {
        var resolver = new KnowledgeDocumentResolver(Options);
        var restricted = new KnowledgeDocumentResolver(new DocumentOptions { CacheDirectory = folder.Combine("cache"), AllowedLocalRoots = [folder.Combine("elsewhere")] });

        var missingCommit = await Assert.ThrowsAsync<DocumentException>(() => resolver.ResolveAsync(new KnowledgeDocumentRef(repository.Path, "0123456789abcdef0123456789abcdef01234567", ["*.md"]), Cancel));
        var transport = await Assert.ThrowsAsync<DocumentException>(() => resolver.ResolveAsync(new KnowledgeDocumentRef("ext::sh -c touch% /tmp/pwned", pinned, ["*.md"]), Cancel));
        var notAllowed = await Assert.ThrowsAsync<DocumentException>(() => restricted.ResolveAsync(new KnowledgeDocumentRef(repository.Path, pinned, ["*.md"]), Cancel));
        var noMatch = await Assert.ThrowsAsync<DocumentException>(() => resolver.ResolveAsync(new KnowledgeDocumentRef(repository.Path, pinned, ["*.rst"]), Cancel));

        Assert.StartsWith("document.commit: commit 0123456789abcdef0123456789abcdef01234567 is not in", missingCommit.Message);
        Assert.StartsWith("document.repo 'ext::sh -c touch% /tmp/pwned': git remote helpers (ext::, fd:: …) are not allowed", transport.Message);
        Assert.Contains("Taxonomy:Documents:AllowedLocalRoots", notAllowed.Message);
        Assert.StartsWith("document.patterns [*.rst] matched no file", noMatch.Message);
    }

    public void Dispose() => folder.Dispose();

    private static TaxonomyLeaf SampleLeaf()
    {
        var report = new QnaValidator().ValidateFile(SharedFiles.RequireData("taxonomy-sample", LeafPath), LeafPath);
        return LeafReader.From(report);
    }
}
