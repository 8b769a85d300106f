using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary><c>lab taxonomy validate|diff</c> on copies of the real sample: positions in the output, JSON, exit codes.</summary>
public sealed class TaxonomyCommandTests : IDisposable
{
    private const string Qiskit = "compositional_skills/STEM/programming/python/libraries/qiskit/qna.yaml";
    private readonly TemporaryDirectory folder = new("lab-taxonomy");

    [Fact]
    public async Task ValidateEveryFilePrintsPositionsAndFails()
    {
        var taxonomy = CopySample();

        var (exitCode, output) = await LabRun.RunAsync("taxonomy", "validate", taxonomy, "--base", "empty");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("compositional_skills/extraction/email/main_questions/qna.yaml:5:1: error: seed_examples: needs at least 5 items, has 3", output);
        Assert.Contains($"Taxonomy in {taxonomy} is invalid (27 file(s): 4 invalid, 5 error(s),", output);
    }

    [Fact]
    public async Task AFolderWithoutGitIsValidatedWholeAndSaysSo()
    {
        var taxonomy = CopySample();

        var (exitCode, output) = await LabRun.RunAsync("taxonomy", "validate", taxonomy);
        var (_, json) = await LabRun.RunAsync("taxonomy", "validate", taxonomy, "--json");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains($"{taxonomy} is not a git repository, so every file is taken (as with base 'empty')", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
        Assert.Contains($"Taxonomy in {taxonomy} is invalid (27 file(s): 4 invalid", output);
        Assert.Contains("is not a git repository", (string)JsonNode.Parse(json)!["notice"]!);
    }

    [Fact]
    public async Task ValidateJsonListsEveryFile()
    {
        var (exitCode, output) = await LabRun.RunAsync("taxonomy", "validate", CopySample(), "--base", "empty", "--json");

        var json = JsonNode.Parse(output)!;
        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(27, json["files"]!.AsArray().Count);
        Assert.False((bool)json["valid"]!);
    }

    [Fact]
    public async Task StrictFailsOnWhatInstructLabsCiFailsOn()
    {
        var file = Path.Combine(CopySample(), Qiskit);

        var relaxed = await LabRun.RunAsync("taxonomy", "validate", file);
        var strict = await LabRun.RunAsync("taxonomy", "validate", file, "--strict");

        Assert.Equal(ExitCodes.Ok, relaxed.ExitCode);
        Assert.Contains(":29:31: warning: trailing spaces (trailing-spaces)", relaxed.Output);
        Assert.Equal(ExitCodes.Failed, strict.ExitCode);
        Assert.Contains(":29:31: error: trailing spaces (trailing-spaces)", strict.Output);
    }

    [Fact]
    public async Task DiffListsChangedFilesAndValidatesThem()
    {
        var repository = GitRepository.Init(folder.Combine("git"));
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "linguistics", "synonyms"), "compositional_skills/linguistics/synonyms");
        repository.Commit("base");
        repository.Git("checkout", "--quiet", "-b", "topic");
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "writing", "grounded", "editing", "wordclock"), "compositional_skills/writing/grounded/editing/wordclock");

        var (exitCode, output) = await LabRun.RunAsync("taxonomy", "diff", repository.Path, "--base", "main");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.StartsWith("compositional_skills/writing/grounded/editing/wordclock/qna.yaml\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("wordclock/qna.yaml:21:5: error: seed_examples[4].context", output);
        Assert.DoesNotContain("synonyms", output);
    }

    [Theory]
    [InlineData("taxonomy", "validate", "/no/such/folder")]
    [InlineData("taxonomy", "diff", "/tmp", "--base", "main")]
    [InlineData("taxonomy", "validate", "--no-such-option")]
    public async Task UsageAndIoProblemsExitWithTwo(params string[] args)
    {
        var (exitCode, output) = await LabRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.NotEmpty(output.Trim());
    }

    public void Dispose() => folder.Dispose();

    private string CopySample()
    {
        var target = folder.Combine($"sample-{Guid.NewGuid():N}");
        var sample = SharedFiles.RequireData("taxonomy-sample");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
