using Grpc.Core;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.IntegrationTests;

/// <summary>The taxonomy gRPC API over real taxonomies and document repositories built in the test.</summary>
public sealed class TaxonomyServiceTests(TaxonomyServiceFixture service) : IClassFixture<TaxonomyServiceFixture>
{
    private const string ChickadeeLeaf = SampleTaxonomy.ChickadeeLeaf;
    private const string SynonymsLeaf = SampleTaxonomy.SynonymsLeaf;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidateReportsEverySampleFileWithItsDiagnostics()
    {
        var taxonomy = CopySample("validate-sample");

        var response = await service.Client.ValidateAsync(new ValidateRequest { Source = Local(taxonomy), Base = "empty" }, cancellationToken: Cancel);

        Assert.Equal(27, response.Files.Count);
        Assert.False(response.Valid);
        var email = response.Files.Single(f => f.Path == "compositional_skills/extraction/email/main_questions/qna.yaml");
        var error = Assert.Single(email.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal((5, "seed_examples", "needs at least 5 items, has 3"), (error.Line, error.Field, error.Message));
        Assert.True(response.Files.Single(f => f.Path == SynonymsLeaf).Valid);
    }

    [Fact]
    public async Task DiffAndLeavesWorkOnAGitSourceAtARef()
    {
        var repository = GitRepository.Init(service.Workspace.Combine("git-taxonomy"));
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "linguistics", "synonyms"), "compositional_skills/linguistics/synonyms");
        repository.Commit("synonyms");
        repository.Git("checkout", "--quiet", "-b", "feature");
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "grounded", "linguistics", "inclusion"), "compositional_skills/grounded/linguistics/inclusion");
        repository.Commit("inclusion");
        var source = new TaxonomySource { Git = new GitSource { Url = repository.Path, Ref = "feature" } };

        var diff = await service.Client.DiffAsync(new DiffRequest { Source = source, Base = "main" }, cancellationToken: Cancel);
        var leaves = await ReadAllAsync(service.Client.GetLeaves(new GetLeavesRequest { Source = source, Base = "main" }, cancellationToken: Cancel));

        Assert.Equal(["compositional_skills/grounded/linguistics/inclusion/qna.yaml"], diff.ChangedFiles);
        Assert.Equal(repository.Git("rev-parse", "main").Trim(), diff.ForkPoint);
        var leaf = Assert.Single(leaves);
        Assert.Equal((LeafKind.GroundedSkill, "compositional_skills/grounded/linguistics/inclusion", true), (leaf.Kind, leaf.Name, leaf.Added));
        Assert.Equal(6, leaf.SeedExamples.Count);
        Assert.All(leaf.SeedExamples, seed => Assert.NotEmpty(seed.Context));
    }

    [Fact]
    public async Task KnowledgeLeavesComeWithChunksOfTheirDocumentsCachedInTheArtifactStore()
    {
        var (taxonomy, documents, commit) = KnowledgeTaxonomy("knowledge-leaf");
        var request = new GetLeavesRequest
        {
            Source = Local(taxonomy),
            Base = "empty",
            IncludeChunks = true,
            Chunking = new ChunkingOptions { MaxTokens = 200, OverlapTokens = 20 },
        };

        var leaf = Assert.Single(await ReadAllAsync(service.Client.GetLeaves(request, cancellationToken: Cancel)));
        Directory.Delete(documents, recursive: true); // from now on only the cache has them
        var again = Assert.Single(await ReadAllAsync(service.Client.GetLeaves(request, cancellationToken: Cancel)));

        Assert.Equal(LeafKind.Knowledge, leaf.Kind);
        Assert.Equal(5, leaf.SeedExamples.Count);
        Assert.True(leaf.Chunks.Count > 10, $"{leaf.Chunks.Count} chunks");
        Assert.All(leaf.Chunks, chunk =>
        {
            Assert.InRange(chunk.Tokens, 1, 200);
            Assert.Equal(("chickadee.md", commit), (chunk.SourceFile, chunk.Commit));
            Assert.Equal(chunk.End - chunk.Start, chunk.Text.Length);
        });
        Assert.Equal(leaf.Chunks, again.Chunks);
        Assert.NotEmpty(await service.Artifacts.ListAsync("documents/", cancellationToken: Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task InvalidFilesFailGetLeavesWithEveryDiagnosticInTheStatusDetails()
    {
        var taxonomy = CopySample("invalid-leaves");

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(
            service.Client.GetLeaves(new GetLeavesRequest { Source = Local(taxonomy), Base = "empty" }, cancellationToken: Cancel)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var details = error.GetRpcStatus()!.GetDetail<ValidateResponse>();
        Assert.False(details.Valid);
        Assert.Contains(details.Files.SelectMany(f => f.Diagnostics), d =>
            d.File == "compositional_skills/writing/grounded/editing/wordclock/qna.yaml" && d.Line == 21 && d.Field == "seed_examples[4].context");
    }

    [Fact]
    public async Task DocumentChunksComeForALeafOrADocumentReference()
    {
        var (taxonomy, documents, commit) = KnowledgeTaxonomy("chunks");

        var byLeaf = await ReadAllAsync(service.Client.GetDocumentChunks(new GetDocumentChunksRequest { Source = Local(taxonomy), LeafPath = ChickadeeLeaf }, cancellationToken: Cancel));
        var byReference = await ReadAllAsync(service.Client.GetDocumentChunks(new GetDocumentChunksRequest
        {
            Document = new DocumentReference { Repo = documents, Commit = commit, Patterns = { "*.md" } },
        }, cancellationToken: Cancel));

        Assert.All(byLeaf, chunk => Assert.InRange(chunk.Tokens, 1, 500));
        Assert.Equal(byLeaf.Select(c => c.Text), byReference.Where(c => c.SourceFile == "chickadee.md").Select(c => c.Text));
        Assert.Contains(byReference, c => c.SourceFile == "phoenix_constellation.md");
    }

    [Theory]
    [InlineData("/etc", "source.local_path: /etc is not under a folder this service may read (Taxonomy:AllowedLocalRoots")]
    [InlineData("{workspace}/escape", "source.local_path: {workspace}/escape is not under a folder this service may read (Taxonomy:AllowedLocalRoots")]
    [InlineData("{workspace}/.secrets/taxonomy", "source.local_path: {workspace}/.secrets/taxonomy is in a hidden folder")]
    [InlineData("relative/taxonomy", "source.local_path: 'relative/taxonomy' must be an absolute path")]
    public async Task PathsOutsideTheAllowedRootsAreRefused(string template, string expected)
    {
        // A symbolic link inside the allowed root that leads out of it, and a hidden folder inside it.
        var escape = service.Workspace.Combine("escape");
        if (!Path.Exists(escape))
        {
            Directory.CreateSymbolicLink(escape, "/etc");
        }
        Directory.CreateDirectory(service.Workspace.Combine(".secrets", "taxonomy"));
        var (path, message) = (template.Replace("{workspace}", service.Workspace.Path), expected.Replace("{workspace}", service.Workspace.Path));
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            service.Client.ValidateAsync(new ValidateRequest { Source = new TaxonomySource { LocalPath = path }, Base = "empty" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Theory]
    [InlineData("/etc", "source.git.url /etc is not under a folder this service may read (Taxonomy:AllowedLocalRoots")]
    [InlineData("file:///usr/share", "source.git.url /usr/share is not under a folder this service may read")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "source.git.url 'ext::sh -c touch% /tmp/pwned': git remote helpers (ext::, fd:: …) are not allowed")]
    [InlineData("http://example.com/taxonomy.git", "source.git.url 'http://example.com/taxonomy.git': not a repository address this service reads")]
    public async Task GitSourcesAreUnderTheSamePolicyAsLocalPaths(string url, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            service.Client.ValidateAsync(new ValidateRequest { Source = new TaxonomySource { Git = new GitSource { Url = url } }, Base = "empty" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail);
    }

    [Fact]
    public async Task DocumentsOutsideTheRepositoryOrTheAllowedRootsAreRefused()
    {
        var (_, documents, commit) = KnowledgeTaxonomy("refused");

        var traversal = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(service.Client.GetDocumentChunks(new GetDocumentChunksRequest
        {
            Document = new DocumentReference { Repo = documents, Commit = commit, Patterns = { "../../*" } },
        }, cancellationToken: Cancel)));
        var outside = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(service.Client.GetDocumentChunks(new GetDocumentChunksRequest
        {
            Document = new DocumentReference { Repo = "/usr/share/doc", Commit = "any", Patterns = { "*" } },
        }, cancellationToken: Cancel)));
        var tokenizer = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(service.Client.GetDocumentChunks(new GetDocumentChunksRequest
        {
            Document = new DocumentReference { Repo = documents, Commit = commit, Patterns = { "*.md" } },
            Chunking = new ChunkingOptions { TokenizerUrl = $"http://127.0.0.1:{TestSupport.Servers.FreePort.Next()}" },
        }, cancellationToken: Cancel)));

        Assert.Equal(StatusCode.InvalidArgument, traversal.StatusCode);
        Assert.Contains("reaches outside the repository with '..'", traversal.Status.Detail);
        Assert.Contains("Taxonomy:Documents:AllowedLocalRoots", outside.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, tokenizer.StatusCode);
        Assert.Contains("/tokenize failed", tokenizer.Status.Detail);
    }

    private static TaxonomySource Local(string path) => new() { LocalPath = path };

    private string CopySample(string name)
    {
        var target = service.Workspace.Combine(name);
        var sample = SharedFiles.RequireData("taxonomy-sample");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>A taxonomy with the sample's chickadee leaf, its document pointing at a git repository built from the real documents.</summary>
    private (string Taxonomy, string Documents, string Commit) KnowledgeTaxonomy(string name) =>
        SampleTaxonomy.Build(service.Workspace.Combine(name), ChickadeeLeaf);

    private static async Task<List<T>> ReadAllAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            return await call.ResponseStream.ReadAllAsync(Cancel).ToListAsync(Cancel);
        }
    }
}
