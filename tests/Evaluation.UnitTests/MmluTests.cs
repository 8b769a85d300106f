using System.Text.Json.Nodes;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Evaluations.UnitTests;

/// <summary>MMLU's items: the prompts lm-evaluation-harness writes, both modes, and bad files named by file and line.</summary>
public sealed class MmluTests
{
    [Fact]
    public void PlainFiveShotPromptsAreLmEvaluationHarnessPromptsItemByItem()
    {
        var data = DataFolder.Shared("mmlu");
        var expected = File.ReadAllLines(SharedFiles.RequireData("eval", "llamacpp_mc", "mmlu_abstract_algebra_5shot_letters.jsonl"))
            .Select(line => JsonNode.Parse(line)!).ToList();

        var items = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(5, MmluPrompts.Plain, ["abstract_algebra"], 0));

        Assert.Equal(expected.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal((string)expected[i]["question"]!, items[i].Prompt);
            Assert.Equal((int)expected[i]["gold"]!, items[i].Answer);
            Assert.Equal([" A", " B", " C", " D"], items[i].Continuations);
            Assert.Equal($"abstract_algebra/{i}", items[i].Id);
        }
    }

    [Fact]
    public void ChatModePutsTheSubjectLineInTheSystemMessageAndScoresBareLetters()
    {
        var data = DataFolder.Shared("mmlu");
        var plain = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(2, MmluPrompts.Plain, ["anatomy"], 1))[0];
        var chat = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(2, MmluPrompts.ChatMode, ["anatomy"], 1))[0];

        Assert.Null(chat.Prompt);
        Assert.Equal(["system", "user"], chat.Chat!.Select(t => t.Role));
        Assert.Equal("The following are multiple choice questions (with answers) about anatomy.", chat.Chat![0].Content);
        Assert.Equal(plain.Prompt, chat.Chat![0].Content + "\n\n" + chat.Chat![1].Content);
        Assert.EndsWith("\nAnswer:", chat.Chat![1].Content);
        Assert.Equal(["A", "B", "C", "D"], chat.Continuations);
    }

    [Fact]
    public void EverySubjectIsReadAndLimitAndSubjectsSelect()
    {
        var data = DataFolder.Shared("mmlu");

        var all = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(0, MmluPrompts.Plain, [], 0));
        var some = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(0, MmluPrompts.Plain, ["marketing", "anatomy"], 3));

        Assert.Equal(1402, all.Count);
        Assert.Equal(10, all.Select(i => i.Group).Distinct().Count());
        Assert.Equal(["anatomy", "anatomy", "anatomy", "marketing", "marketing", "marketing"], some.Select(i => i.Group));
        Assert.StartsWith("The following are multiple choice questions (with answers) about anatomy.\n\n", some[0].Prompt);
    }

    [Fact]
    public void HendrycksFilesWithoutHeaderAndWithLetterAnswersReadTheSame()
    {
        var data = DataFolder.Of(
            ("x/demo_dev.csv", "\"What is 1+1?\",1,2,3,4,B\n"),
            ("x/demo_test.csv", "\"Which, of these, is even?\",1,\"two\nlines\",3,5,B\nWhat is 2+2?,4,5,6,7,A\n"));

        var items = BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(1, MmluPrompts.Plain, [], 0));

        Assert.Equal([1, 0], items.Select(i => i.Answer));
        Assert.Equal("The following are multiple choice questions (with answers) about demo.\n\nWhat is 1+1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
            + "Which, of these, is even?\nA. 1\nB. two\nlines\nC. 3\nD. 5\nAnswer:", items[0].Prompt);
        Assert.Equal("x/demo_test.csv:3", items[1].Source);
    }

    [Theory]
    [InlineData("q,1,2,3,4,E\n", "x_test.csv:1: answer 'E' must be A-D or 0-3")]
    [InlineData("q,1,2,3,4,A\nq,1,2,3\n", "x_test.csv:2: has 4 fields; an MMLU row has 6")]
    public void ABadRowIsNamedByFileAndLine(string csv, string expected)
    {
        var data = DataFolder.Of(("x_test.csv", csv));

        var error = Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, data, new BenchmarkItems.Options(0, MmluPrompts.Plain, [], 0)));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void MissingFilesOptionsAndSubjectsAreNamed()
    {
        var data = DataFolder.Of(("x_test.csv", "q,1,2,3,4,A\n"));
        BenchmarkItems.Options Options(int shots = 0, string mode = MmluPrompts.Plain, string[]? subjects = null) => new(shots, mode, subjects ?? [], 0);

        Assert.Contains("needs x_dev.csv", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, data, Options(shots: 5))).Message);
        Assert.StartsWith("options.few_shots: must be from 0 to 10", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, data, Options(shots: 11))).Message);
        Assert.StartsWith("options.mode: 'loud' is not a mode; allowed: plain, chat", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, data, Options(mode: "loud"))).Message);
        Assert.StartsWith("options.subjects: no test file for law", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, data, Options(subjects: ["law"]))).Message);
        Assert.StartsWith("data: MMLU needs <subject>_test.csv files", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.Mmlu, DataFolder.Of(("notes.txt", "")), Options())).Message);
        Assert.StartsWith("benchmark: 'mmlu_pro' is not a benchmark", Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read("mmlu_pro", data, Options())).Message);
    }
}
