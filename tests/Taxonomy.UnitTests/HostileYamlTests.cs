using System.Text;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>Files built to exhaust memory, stack or time fail with a clear error naming the limit. (The timeouts only guard against hangs.)</summary>
public sealed class HostileYamlTests
{
    private const string SkillPath = "compositional_skills/hostile/qna.yaml";

    [Fact]
    public void YamlThatStopsTheScannerIsAnInvalidFileNotACrash()
    {
        // YamlDotNet's scanner throws InvalidOperationException on a '{' inside a plain scalar of a flow sequence.
        var report = Validate("version: 3\ntask_description: [freeform_skill, foundational_s{kill]\ncreated_by: x\nseed_examples:\n  - question: q\n    answer: a\n");

        var error = Assert.Single(report.Errors);
        Assert.Contains("the YAML parser could not read this file", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task ABillionLaughsFailsOnTheNodeLimit()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var report = await Task.Run(() => Validate(yaml.ToString()), TestContext.Current.CancellationToken);

        var error = Assert.Single(report.Errors);
        Assert.Equal("limits", error.Rule);
        Assert.Contains("more than 100000 values through aliases", error.Message);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TenThousandLevelsOfNestingFailOnTheDepthLimit(bool flow)
    {
        var yaml = flow
            ? "a: " + new string('[', 10_000) + new string(']', 10_000) + "\n"
            : "a:\n" + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n";

        var report = await Task.Run(() => Validate(yaml), TestContext.Current.CancellationToken);

        var error = Assert.Single(report.Errors);
        Assert.Equal("limits", error.Rule);
        Assert.Contains("deeper than 64 levels", error.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task AliasChainsThatNestDeeperThanTheLimitFail()
    {
        var yaml = new StringBuilder("a0: &a0 [x]\n");
        for (var i = 1; i <= 200; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}]\n");
        }

        var report = await Task.Run(() => Validate(yaml.ToString()), TestContext.Current.CancellationToken);

        Assert.Contains("aliases nest deeper than 64 levels", Assert.Single(report.Errors).Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task AFiftyMegabyteFileIsRefusedBeforeItIsRead()
    {
        using var folder = new TemporaryDirectory("hostile");
        var path = folder.Combine("qna.yaml");
        await using (var file = File.Create(path))
        {
            file.SetLength(50L * 1024 * 1024);
        }

        var report = await Task.Run(() => new QnaValidator().ValidateFile(path, SkillPath), TestContext.Current.CancellationToken);

        var error = Assert.Single(report.Errors);
        Assert.Equal("limits", error.Rule);
        Assert.Contains("52,428,800 bytes; the limit is 1,048,576 (Taxonomy:Limits:MaxFileBytes)", error.Message);
    }

    private static FileReport Validate(string yaml) =>
        new QnaValidator().Validate(new QnaSource(SkillPath, Encoding.UTF8.GetBytes(yaml), HasAttribution: true));
}
