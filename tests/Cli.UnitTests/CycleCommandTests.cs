using InstructLab.Aspire.Cli.Commands;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>lab cycle run's flags as the request the training service gets, and the report table's leaf column.</summary>
public sealed class CycleCommandTests
{
    private static readonly System.CommandLine.Command Run =
        CycleRunCommand.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }));

    [Fact]
    public void FlagsBecomeTheRunRequest()
    {
        var request = CycleRunOptions.Request(Run.Parse(["tax", "--base", "main", "--student", "models/s.gguf", "--output-id", "me", "--epochs", "3",
            "--skills-epochs", "5", "--teacher", "t", "--judge", "j", "--no-replay", "--seed", "7", "--evaluation-limit", "2"]));

        Assert.Equal((Path.GetFullPath("tax"), "main", "me"), (request.Taxonomy.LocalPath, request.Base, request.OutputModelId));
        // A relative model file is resolved here: the service reads it on this machine.
        Assert.Equal(Path.GetFullPath("models/s.gguf"), request.Student);
        // --skills-epochs wins over --epochs for its phase.
        Assert.Equal((3, 5), (request.Knowledge.Epochs, request.Skills.Epochs));
        Assert.Equal(("t", "", "j"), (request.Teacher.Model, request.Teacher.Url, request.Judge.Model));
        Assert.Equal((true, 7L, 2), (request.NoReplay, request.Seed, request.EvaluationLimit));
    }

    [Fact]
    public void UnsetFlagsLeaveTheServicesDefaults()
    {
        var request = CycleRunOptions.Request(Run.Parse(["tax", "--student", "artifact:students/s.gguf"]));

        Assert.Equal(("artifact:students/s.gguf", "origin/main", ""), (request.Student, request.Base, request.OutputModelId));
        Assert.Null(request.Teacher);
        Assert.Null(request.Judge);
        Assert.False(request.HasSeed);
        Assert.False(request.Knowledge.HasEpochs || request.Skills.HasEpochs);
    }

    [Theory]
    [InlineData("compositional_skills/linguistics/synonyms", 60, "compositional_skills/linguistics/synonyms")]
    [InlineData("compositional_skills/linguistics/synonyms", 20, "…inguistics/synonyms")]
    public void ALeafPathIsShortenedFromTheLeft(string leaf, int width, string shown) =>
        Assert.Equal(shown, LeafPaths.ShortenLeft(leaf, width));

    [Fact]
    public void AGenerationJobsTableFitsAnEightyColumnTerminalWithoutWrappingLeafPaths()
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(written) });
        console.Profile.Width = 80;
        var job = new Contracts.Generation.V1.Job { Id = Guid.NewGuid().ToString(), Name = "narrow", State = Contracts.Generation.V1.JobState.Completed, Progress = new() };
        foreach (var leaf in new[] { "compositional_skills/grounded/linguistics/inclusion", "knowledge/science/animals/birds/black_capped_chickadee" })
        {
            job.Leaves.Add(new Contracts.Generation.V1.LeafProgress
            {
                Leaf = leaf, Pipeline = "full",
                Progress = new() { RowsDone = 12, RowsTotal = 12, BatchesDone = 3, BatchesTotal = 3, SamplesGenerated = 1234, SamplesKept = 1200 },
            });
        }

        JobPrinter.Summary(console, job);

        var lines = written.ToString().ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} characters: {line}"));
        // Each leaf on one line, its start cut: "…rds/black_capped_chickadee".
        Assert.Single(lines, line => line.Contains('…') && line.Contains("/black_capped_chickadee", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains('…') && line.Contains("/linguistics/inclusion", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckpointsPrintTheScoresTheyHaveAndNotTheOnesTheyLack()
    {
        // As a cycle of three lines reports them: no held-out samples, so no held-out loss; MT-Bench-branch decided.
        using var json = System.Text.Json.JsonDocument.Parse("""
            {"phase":"skills","metric":"the highest MT-Bench-branch rating (judge teacher), then the latest epoch","heldOutSamples":0,"chosenEpoch":10,
             "candidates":[{"epoch":9,"step":9,"heldOutLoss":null,"mtBenchBranch":4.5,"mmluBranch":null},
                           {"epoch":10,"step":10,"heldOutLoss":null,"mtBenchBranch":4.5,"mmluBranch":null},
                           {"epoch":11,"step":11,"heldOutLoss":1.25,"mtBenchBranch":null,"mmluBranch":0.5}]}
            """);

        Assert.Equal("skills epochs 9: MT-Bench-branch 4.50, *10: MT-Bench-branch 4.50, 11: MMLU-branch 0.500 held-out loss 1.250; "
            + "* published, chosen by the highest MT-Bench-branch rating (judge teacher), then the latest epoch", CyclePrinter.Checkpoints(json.RootElement));
    }
}
