using InstructLab.Aspire.Cli.Commands;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary>lab train submit's checkpoint-evaluation flags as the request's <c>evaluation</c>.</summary>
public sealed class TrainSubmitCommandTests
{
    private static readonly System.CommandLine.Command Submit =
        TrainSubmitCommand.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }));

    private static readonly string[] Required = ["--model", "artifact:students/s.gguf", "--output-id", "me", "--data-job", "3f0c"];

    [Fact]
    public void EvaluationFlagsBecomeTheCheckpointEvaluation()
    {
        var request = TrainSubmitOptions.Request(Submit.Parse([.. Required, "--evaluate-taxonomy", "tax", "--evaluate-base", "main",
            "--evaluate-mmlu-branch", "datasets/j/mmlu_branch.jsonl", "--judge", "judge-7b", "--evaluation-limit", "4", "--max-candidates", "3"]));

        var evaluation = request.Evaluation;
        // A relative taxonomy folder is resolved here: the service reads it on this machine.
        Assert.Equal((Path.GetFullPath("tax"), "main", "datasets/j/mmlu_branch.jsonl"), (evaluation.Taxonomy.LocalPath, evaluation.Base, evaluation.MmluBranchKey));
        Assert.Equal(("judge-7b", 4, 3), (evaluation.Judge.Model, evaluation.Limit, evaluation.MaxCandidates));
    }

    [Fact]
    public void WithoutATaxonomyOrQuestionsThereIsNoEvaluationAndItsOtherFlagsAreRefused()
    {
        Assert.Null(TrainSubmitOptions.Request(Submit.Parse(Required)).Evaluation);

        var e = Assert.Throws<LabException>(() => TrainSubmitOptions.Request(Submit.Parse([.. Required, "--judge", "j", "--max-candidates", "2"])));
        Assert.Equal("--judge, --max-candidates: only with --evaluate-taxonomy or --evaluate-mmlu-branch (what the candidates are scored on).", e.Message);
    }
}
