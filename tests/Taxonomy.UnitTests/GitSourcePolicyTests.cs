using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>One policy for taxonomy and document repositories: https, ssh and local paths under the roots; nothing else.</summary>
public sealed class GitSourcePolicyTests
{
    private static readonly string[] Roots = ["/home/user"];

    [Theory]
    [InlineData("https://github.com/instructlab/taxonomy.git", null)]
    [InlineData("ssh://git@github.com/instructlab/taxonomy.git", null)]
    [InlineData("git@github.com:instructlab/taxonomy.git", null)]
    [InlineData("https://user:secret@example.com/t.git", null)]
    [InlineData("/home/user/taxonomy", "/home/user/taxonomy")]
    [InlineData("file:///home/user/taxonomy", "/home/user/taxonomy")]
    public void HttpsSshAndLocalPathsUnderTheRootsAreRead(string source, string? local)
    {
        var (checkedSource, path) = GitSourcePolicy.Check(source, "source.git.url", Roots, "Taxonomy:AllowedLocalRoots");

        Assert.Equal(local, path);
        Assert.Equal(local ?? source, checkedSource);
    }

    [Theory]
    [InlineData("ext::sh -c id", "git remote helpers (ext::, fd:: …) are not allowed")]
    [InlineData("fd::7", "git remote helpers (ext::, fd:: …) are not allowed")]
    [InlineData("http://example.com/t.git", "not a repository address this service reads")]
    [InlineData("git://example.com/t.git", "not a repository address this service reads")]
    [InlineData("/etc", "/etc is not under a folder this service may read (Taxonomy:AllowedLocalRoots: /home/user)")]
    [InlineData("/home/user/../../etc", "/etc is not under a folder this service may read")]
    [InlineData("file:///home/other", "/home/other is not under a folder this service may read")]
    [InlineData("../taxonomy", "is a relative path; use an absolute path or a file:// URL")]
    public void EverythingElseIsRefusedNamingTheField(string source, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => GitSourcePolicy.Check(source, "source.git.url", Roots, "Taxonomy:AllowedLocalRoots"));

        Assert.StartsWith("source.git.url ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void WithoutRootsAnyLocalPathIsRead() =>
        Assert.Equal("/etc", GitSourcePolicy.Check("/etc", "document.repo", [], "Taxonomy:Documents:AllowedLocalRoots").LocalPath);
}
