using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary><c>ilab taxonomy diff</c> on a real git repository built here: branches, commits, staged, unstaged and untracked files.</summary>
public sealed class TaxonomyDiffTests : IDisposable
{
    private const string Skill = "created_by: t\ntask_description: d\nseed_examples:\n  - question: q\n    answer: a\n";
    private readonly TemporaryDirectory folder = new("diff");
    private readonly GitRepository repository;

    public TaxonomyDiffTests()
    {
        repository = GitRepository.Init(folder.Combine("taxonomy"));
        foreach (var leaf in new[] { "a", "b", "f" })
        {
            repository.File($"compositional_skills/{leaf}/qna.yaml", Skill);
        }
        repository.File("README.md", "taxonomy");
        repository.Commit("base");
        repository.Git("checkout", "--quiet", "-b", "feature");
        repository.File("compositional_skills/a/qna.yaml", Skill + "# changed\n");
        repository.File("knowledge/c/qna.yaml", Skill);
        repository.Commit("change a, add c");
        repository.Git("checkout", "--quiet", "main");
        repository.File("compositional_skills/g/qna.yaml", Skill);
        repository.Commit("main moves on after the fork");
        repository.Git("checkout", "--quiet", "feature");
        repository.File("foundational_skills/d/qna.yaml", Skill);
        repository.Git("add", "foundational_skills/d/qna.yaml");                     // staged
        repository.File("compositional_skills/b/qna.yaml", Skill + "# edited\n");   // unstaged
        repository.File("compositional_skills/e/qna.yaml", Skill);                   // untracked
        repository.File("compositional_skills/notes.txt", "not a taxonomy file");    // untracked, not YAML
        repository.Git("rm", "--quiet", "compositional_skills/f/qna.yaml");          // deleted
    }

    [Fact]
    public async Task ChangesSinceTheForkPointIncludeWorkingTreeAndUntrackedFiles()
    {
        var diff = await TaxonomyDiff.ChangedFilesAsync(new TaxonomyTree(repository.Path), "main", TestContext.Current.CancellationToken);

        Assert.Equal(
            ["compositional_skills/a/qna.yaml", "compositional_skills/b/qna.yaml", "compositional_skills/e/qna.yaml",
             "foundational_skills/d/qna.yaml", "knowledge/c/qna.yaml"],
            diff.Files);
        Assert.Equal(repository.Git("merge-base", "HEAD", "main").Trim(), diff.ForkPoint);
        // New since the fork point (committed, staged or untracked); a and b existed and changed.
        Assert.Equal(["compositional_skills/e/qna.yaml", "foundational_skills/d/qna.yaml", "knowledge/c/qna.yaml"], diff.Added.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BaseEmptyTakesEveryFileOfTheWorkingTree()
    {
        var diff = await TaxonomyDiff.ChangedFilesAsync(new TaxonomyTree(repository.Path), TaxonomyDiff.Empty, TestContext.Current.CancellationToken);

        Assert.Null(diff.ForkPoint);
        Assert.Equal(
            ["compositional_skills/a/qna.yaml", "compositional_skills/b/qna.yaml", "compositional_skills/e/qna.yaml",
             "foundational_skills/d/qna.yaml", "knowledge/c/qna.yaml"],
            diff.Files);
    }

    [Fact]
    public async Task ARemoteBranchBaseWorksInAClone()
    {
        var clone = folder.Combine("clone");
        repository.Git("clone", "--quiet", "--branch", "feature", repository.Path, clone);

        var diff = await TaxonomyDiff.ChangedFilesAsync(new TaxonomyTree(clone), TaxonomyDiff.DefaultBase, TestContext.Current.CancellationToken);

        Assert.Equal(["compositional_skills/a/qna.yaml", "knowledge/c/qna.yaml"], diff.Files);
    }

    [Fact]
    public async Task AnUnknownBaseIsNamed()
    {
        var error = await Assert.ThrowsAsync<GitException>(() =>
            TaxonomyDiff.ChangedFilesAsync(new TaxonomyTree(repository.Path), "no-such-branch", TestContext.Current.CancellationToken));

        Assert.Contains("Couldn't find the taxonomy git ref 'no-such-branch'", error.Message);
    }

    [Fact]
    public async Task AFolderOutsideGitSuggestsBaseEmpty()
    {
        var plain = folder.Combine("plain");
        Directory.CreateDirectory(Path.Combine(plain, "knowledge"));

        var error = await Assert.ThrowsAsync<GitException>(() =>
            TaxonomyDiff.ChangedFilesAsync(new TaxonomyTree(plain), "main", TestContext.Current.CancellationToken));

        Assert.Contains("use base 'empty'", error.Message);
    }

    public void Dispose() => folder.Dispose();
}
