using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Artifacts.IntegrationTests;

/// <summary>A worker's download folder stays within its budget, least recently used files first.</summary>
public sealed class LocalCacheTests
{
    [Fact]
    public void TrimDeletesTheLeastRecentlyUsedFilesButNeverTheOneJustUsed()
    {
        using var folder = new TemporaryDirectory("local-cache");
        var (a, b, c) = (folder.Combine("a.gguf"), folder.Combine("b.gguf"), folder.Combine("c.gguf"));
        foreach (var (file, age) in new[] { (a, 3), (b, 2), (c, 1) })
        {
            File.WriteAllBytes(file, new byte[100]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-age));
        }
        LocalCache.Touch(a); // a used again: now the newest

        var deleted = LocalCache.Trim(folder.Path, maxBytes: 200, keep: c);

        Assert.Equal([b], deleted);
        Assert.True(File.Exists(a) && File.Exists(c) && !File.Exists(b));
        // Over budget with only the kept file left to go: it stays.
        Assert.Equal([a], LocalCache.Trim(folder.Path, maxBytes: 50, keep: c));
        Assert.True(File.Exists(c));
    }
}
