using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Data;
using InstructLab.Aspire.Evaluations.Items;

namespace InstructLab.Aspire.Evaluations.UnitTests;

/// <summary>MT-Bench, DK-Bench, multiple-choice and MMLU-branch files: read as their formats say, bad lines named by file:line.</summary>
public sealed class JudgedDataTests
{
    private static readonly BenchmarkItems.Options None = new(0, MmluPrompts.Plain, [], 0);

    [Fact]
    public void MtBenchHasEightyTwoTurnQuestionsWithReferencesForMathReasoningAndCoding()
    {
        var items = BenchmarkItems.Read(Benchmarks.MtBench, DataFolder.Shared("mt_bench"), None);

        Assert.Equal(80, items.Count);
        Assert.All(items.GroupBy(i => i.Group), category => Assert.Equal(10, category.Count()));
        Assert.All(items, item => Assert.Equal(2, item.Turns!.Count));
        var referenced = items.Where(i => i.References is not null).ToList();
        Assert.Equal(30, referenced.Count);
        Assert.Equal(["coding", "math", "reasoning"], referenced.Select(i => i.Group).Distinct().Order());
        Assert.All(referenced, item => Assert.Equal(2, item.References!.Count));
        Assert.Equal(0.7f, items.First(i => i.Group == "writing").Temperature);
        Assert.Equal(0f, items.First(i => i.Group == "math").Temperature);
        Assert.Equal(0.1f, items.First(i => i.Group == "stem").Temperature);
        Assert.Equal("mt_bench/81", items[0].Id);
    }

    [Fact]
    public void MtBenchWithoutTheReferenceOfAMathQuestionIsRefused()
    {
        var data = DataFolder.Of(("question.jsonl", """{"question_id": 7, "category": "math", "turns": ["1+1?"]}"""));

        var error = Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.MtBench, data, None));

        Assert.Equal("question.jsonl:1: question 7 (math) needs a reference answer; none in reference_answer/*.jsonl", error.Message);
    }

    [Fact]
    public void DkBenchLinesWithAndWithoutResponses()
    {
        var data = DataFolder.Of(("facts.jsonl", """
            {"user_input": "Capital of France?", "reference": "Paris"}

            {"user_input": "2+2?", "reference": "4", "response": "Four."}
            """));

        var items = BenchmarkItems.Read(Benchmarks.DkBench, data, None);

        Assert.Equal(["facts/1", "facts/3"], items.Select(i => i.Id));
        Assert.Equal([null, "Four."], items.Select(i => i.Response));
        Assert.Equal(["Paris"], items[0].References);
    }

    [Theory]
    [InlineData("{\"context\": \"x\", \"choices\": [\"a\", \"b\"], \"answer\": 2}", "mc.jsonl:1: 'answer' must be the index of the right choice, from 0 to 1")]
    [InlineData("{\"context\": \"x\", \"choices\": [\"a\"], \"answer\": 0}", "mc.jsonl:1: 'choices' must be a list of at least 2 strings")]
    [InlineData("{\"choices\": [\"a\", \"b\"], \"answer\": 0}", "mc.jsonl:1: 'context' is required")]
    [InlineData("{\"context\": \"x\", \"choices\": [\"a\", \"b\"], \"answer\": 0}\n{not json", "mc.jsonl:2: not valid JSON")]
    [InlineData("[1, 2]", "mc.jsonl:1: each line must be a JSON object")]
    public void ABadMultipleChoiceLineIsNamedByFileAndLine(string jsonl, string expected)
    {
        var error = Assert.Throws<EvaluationDataException>(() => BenchmarkItems.Read(Benchmarks.MultipleChoice, DataFolder.Of(("mc.jsonl", jsonl)), None));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void MultipleChoiceContinuationsStartWithASpaceAsLmEvaluationHarnessJoinsThem()
    {
        var data = DataFolder.Of(("arc.jsonl", """{"id": "q1", "context": "Question: Which is a gas?\nAnswer:", "choices": ["oxygen", " iron"], "answer": 0}"""));

        var item = BenchmarkItems.Read(Benchmarks.MultipleChoice, data, None).Single();

        Assert.Equal("arc/q1", item.Id);
        Assert.Equal([" oxygen", " iron"], item.Continuations);
        Assert.Equal("Question: Which is a gas?\nAnswer:", item.Prompt);
    }

    [Fact]
    public void MmluBranchReadsInstructLabsOlderLayoutZeroShot()
    {
        var items = BenchmarkItems.Read(Benchmarks.MmluBranch, DataFolder.Shared("mmlu_branch_sample"), None);

        Assert.Equal(27, items.Count);
        Assert.All(items, item => Assert.Equal("knowledge/textbook/tonsil", item.Group));
        var first = items[0];
        Assert.Equal("What is the structure of Waldeyer's tonsillar ring?\nA. It consists of the pharyngeal tonsil, tubal tonsils, palatine tonsils, and lingual tonsils.\n"
            + "B. It is a single tonsil located in the nasopharynx.\nC. It is a ring of lymphoid tissue located in the small intestine.\n"
            + "D. It is a collection of lymphatic tissue located on the back part of the tongue.\nAnswer:", first.Prompt);
        Assert.Equal(0, first.Answer);
    }

    [Fact]
    public void MmluBranchReadsGeneratedQuestionsWithChoiceTexts()
    {
        var data = DataFolder.Of(("leaf.jsonl", """{"leaf": "knowledge/x", "question": "Q?", "choices": ["a", "b", "c", "d"], "answer": 3}"""));

        var item = BenchmarkItems.Read(Benchmarks.MmluBranch, data, None).Single();

        Assert.Equal(("knowledge/x", 3, "Q?\nA. a\nB. b\nC. c\nD. d\nAnswer:"), (item.Group, item.Answer, item.Prompt));
    }

    [Fact]
    public void BranchQuestionsAreTheSeedExamplesOfTheLeavesGiven()
    {
        var leaves = new[]
        {
            new BranchQuestions.SkillLeaf("compositional_skills/a", "compositional_skills/a/qna.yaml",
                [new("Q1", "A1", ""), new("Q2", "A2", "Some context.")]),
        };

        var items = BranchQuestions.Items(leaves, 0);

        Assert.Equal(["compositional_skills/a/0", "compositional_skills/a/1"], items.Select(i => i.Id));
        Assert.Equal([null, "Some context."], items.Select(i => i.Context));
        Assert.Equal(["A2"], items[1].References);
        Assert.Throws<EvaluationDataException>(() => BranchQuestions.Items([], 0));
    }
}
