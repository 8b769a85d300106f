using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.Config;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>
/// lab config init|show|edit, and the configuration file as the fallback of options (a flag wins). Each test reads
/// its own file (<see cref="LabConfig.Use"/>), never the user's.
/// </summary>
public sealed class ConfigCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("lab-config");

    [Fact]
    public async Task InitWritesEveryKeyAndShowListsWhereEachValueComesFrom()
    {
        var file = folder.Combine("config.yaml");
        using var _ = LabConfig.Use(file);

        var (initialized, said) = await LabRun.RunAsync("config", "init");
        var (again, refused) = await LabRun.RunAsync("config", "init");
        var (shown, json) = await LabRun.RunAsync("config", "show", "--json");
        await File.WriteAllTextAsync(file, "taxonomy:\n  base: main\nmodles:\n  teacher: mine\n", TestContext.Current.CancellationToken);
        var (wrong, message) = await LabRun.RunAsync("config", "show");

        Assert.Equal((ExitCodes.Ok, ExitCodes.Usage, ExitCodes.Ok), (initialized, again, shown));
        Assert.Contains($"Wrote {file}", said);
        Assert.Contains("exists; lab config edit changes it, --force replaces it", refused);
        // The template sets lab's defaults where lab has them; the rest stay the service's.
        var keys = JsonNode.Parse(json)!["keys"]!;
        Assert.All(ConfigKeys.All, key => Assert.Equal(key.Default, (string)keys[key.Key]!["value"]!));
        Assert.Equal(("origin/main", "file"), ((string)keys["taxonomy.base"]!["value"]!, (string)keys["taxonomy.base"]!["source"]!));
        Assert.Equal(ExitCodes.Usage, wrong);
        Assert.Contains($"{file}:4: 'modles.teacher' is not a key lab knows; the keys are taxonomy.path, taxonomy.base,", System.Text.RegularExpressions.Regex.Replace(message, @"\s+", " "));
    }

    [Fact]
    public async Task TheFileIsTheFallbackOfOptionsAndAFlagWins()
    {
        // main holds a valid leaf; the topic branch adds an invalid one.
        var repository = GitRepository.Init(folder.Combine("git"));
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "linguistics", "synonyms"), "compositional_skills/linguistics/synonyms");
        repository.Commit("base");
        repository.Git("checkout", "--quiet", "-b", "topic");
        repository.Copy(SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "writing", "grounded", "editing", "wordclock"), "compositional_skills/writing/grounded/editing/wordclock");
        var file = folder.Combine("config.yaml");
        await File.WriteAllTextAsync(file, $"taxonomy:\n  path: {repository.Path}\n  base: main\n", TestContext.Current.CancellationToken);
        using var _ = LabConfig.Use(file);

        var (fromFile, changed) = await LabRun.RunAsync("taxonomy", "validate", "--json");
        var (fromFlag, every) = await LabRun.RunAsync("taxonomy", "validate", "--base", "empty", "--json");
        var (shown, json) = await LabRun.RunAsync("config", "show", "--json");

        Assert.Equal(ExitCodes.Failed, fromFile);
        Assert.Equal(["compositional_skills/writing/grounded/editing/wordclock/qna.yaml"], JsonNode.Parse(changed)!["files"]!.AsArray().Select(f => (string)f!["path"]!));
        Assert.Equal(2, JsonNode.Parse(every)!["files"]!.AsArray().Count);
        Assert.Equal(ExitCodes.Failed, fromFlag);
        Assert.Equal(ExitCodes.Ok, shown);
        var keys = JsonNode.Parse(json)!["keys"]!;
        Assert.Equal(("main", "file"), ((string)keys["taxonomy.base"]!["value"]!, (string)keys["taxonomy.base"]!["source"]!));
        Assert.Equal(("", "default"), ((string)keys["models.student"]!["value"]!, (string)keys["models.student"]!["source"]!));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task EditOpensTheEditorAndChecksWhatItWrote()
    {
        var file = folder.Combine("edited", "config.yaml");
        var editor = folder.Combine("editor.sh");
        await File.WriteAllTextAsync(editor, "#!/bin/sh\nprintf 'generate:\\n  samples_per_seed: 9\\n' > \"$1\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var _ = LabConfig.Use(file);
        var before = Environment.GetEnvironmentVariable("VISUAL");
        Environment.SetEnvironmentVariable("VISUAL", editor);
        try
        {
            var (code, output) = await LabRun.RunAsync("config", "edit");

            Assert.True(code == ExitCodes.Ok, output);
            Assert.Contains("is valid", output);
            Assert.Equal(9, LabConfig.Number(ConfigKeys.SamplesPerSeed));
        }
        finally
        {
            Environment.SetEnvironmentVariable("VISUAL", before);
        }
    }

    public void Dispose() => folder.Dispose();
}
