using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.UnitTests;

public sealed class ColumnBlockTests
{
    private static Pipeline Read(string blocks, string output = "question: question\n  answer: answer") =>
        Assert.Single(Pipelines.Select("custom", ("custom", $"""
            version: 1
            applies_to: [freeform_skill]
            blocks:
            {blocks}
            output:
              {output}
            """)).Pipelines);

    [Fact]
    public async Task FilterKeepsRowsWhereEveryConditionHoldsComparingNumbersAsNumbers()
    {
        var pipeline = Read("""
              - name: keep
                type: filter
                where:
                  - {column: seed_question, op: ge, value: 2}
                  - {column: seed_answer, op: in, value: [YES, maybe]}
              - {name: q, type: rename, columns: {seed_question: question}}
              - {name: a, type: rename, columns: {seed_answer: answer}}
            """);
        IReadOnlyList<JsonObject> rows =
        [
            Rows.Row("0", ("seed_question", 10), ("seed_answer", "yes")),
            Rows.Row("1", ("seed_question", 9), ("seed_answer", "no")),
            Rows.Row("2", ("seed_question", "1.5"), ("seed_answer", "maybe")),
            Rows.Row("3", ("seed_question", "2"), ("seed_answer", "Maybe")),
        ];

        var kept = await pipeline.RunAsync(rows, Rows.Context());

        Assert.Equal(["0", "3"], kept.Select(r => (string)r[Columns.Id]!));
        Assert.All(kept, r => Assert.False(r.ContainsKey("seed_question")));
    }

    [Fact]
    public async Task ColumnOperationsRenameDuplicateCombineFlattenAndDrop()
    {
        var pipeline = Read("""
              - {name: copy, type: duplicate, columns: {seed_question: question}}
              - {name: join, type: combine, columns: [task_description, seed_answer], into: answer, separator: " | "}
              - {name: split, type: flatten, column: seed_examples, into: example}
              - {name: tidy, type: drop, columns: [domain, leaf]}
            """);
        var row = Rows.Row("4", ("task_description", "t"), ("seed_question", "q"), ("seed_answer", "a"), ("domain", "d"), ("leaf", "l"),
            ("seed_examples", new JsonArray("x", "y")));

        var rows = await pipeline.RunAsync([row], Rows.Context());

        Assert.Equal(["4/0", "4/1"], rows.Select(r => (string)r[Columns.Id]!));
        Assert.Equal(["x", "y"], rows.Select(r => (string)r["example"]!));
        Assert.All(rows, r =>
        {
            Assert.Equal(("q", "q", "t | a"), ((string)r["question"]!, (string)r["seed_question"]!, (string)r["answer"]!));
            Assert.False(r.ContainsKey("domain") || r.ContainsKey("leaf") || r.ContainsKey("seed_examples"));
        });
    }

    [Fact]
    public async Task SampleKeepsAtMostCountRowsPerSeedTheSameWayEveryRun()
    {
        var pipeline = Read("""
              - {name: pick, type: sample, count: samples_per_seed}
              - {name: q, type: duplicate, columns: {seed_question: question, seed_answer: answer}}
            """);
        IReadOnlyList<JsonObject> rows = [.. Enumerable.Range(0, 5).SelectMany(seed => Enumerable.Range(0, 6)
            .Select(k => Rows.Row($"{seed}/{k}", ("seed_question", $"{seed}-{k}"), ("seed_answer", "a"))))];

        var first = await pipeline.RunAsync(rows, Rows.Context(seed: 7));
        var again = await pipeline.RunAsync(rows, Rows.Context(seed: 7));
        var other = await pipeline.RunAsync(rows, Rows.Context(seed: 8));

        Assert.Equal(10, first.Count);
        Assert.All(first.GroupBy(r => (string)r[Columns.Seed]!), group => Assert.Equal(2, group.Count()));
        Assert.Equal(first.Select(r => (string)r[Columns.Id]!), again.Select(r => (string)r[Columns.Id]!));
        Assert.NotEqual(first.Select(r => (string)r[Columns.Id]!), other.Select(r => (string)r[Columns.Id]!));
    }

    [Fact]
    public async Task DedupDropsRepeatsAndNearRepeatsOfAColumnWithinTheBatch()
    {
        var pipeline = Read("""
              - {name: q, type: duplicate, columns: {seed_question: question, seed_answer: answer}}
              - {name: unique, type: dedup, column: question}
            """);
        IReadOnlyList<JsonObject> rows =
        [
            Rows.Row("0", ("seed_question", "What is the capital city of France?"), ("seed_answer", "a")),
            Rows.Row("1", ("seed_question", "what is the capital city of france"), ("seed_answer", "a")),
            Rows.Row("2", ("seed_question", "What is the capital of France?"), ("seed_answer", "a")),
            Rows.Row("3", ("seed_question", "Name three rivers in Spain."), ("seed_answer", "a")),
        ];
        var context = Rows.Context();

        var kept = await pipeline.RunAsync(rows, context);

        Assert.Equal(["0", "3"], kept.Select(r => (string)r[Columns.Id]!));
        Assert.Equal((4, 2), (context.Stats.Blocks["unique"].RowsIn, context.Stats.Blocks["unique"].RowsOut));
    }

    [Fact]
    public async Task StatisticsListEveryStageInOrderWithRowsInAndOut()
    {
        var pipeline = Read("""
              - {name: keep, type: filter, where: {column: seed_answer, op: not_empty}}
              - {name: q, type: duplicate, columns: {seed_question: question, seed_answer: answer}}
            """);
        var context = Rows.Context();

        var kept = await pipeline.RunAsync([Rows.Row("0", ("seed_question", "q"), ("seed_answer", "")), Rows.Row("1", ("seed_question", "q"), ("seed_answer", "a"))], context);
        var statistics = context.Stats.ToStatistics(pipeline, kept.Count);

        Assert.Equal([("keep", "filter", 2L, 1L), ("q", "duplicate", 1L, 1L)], statistics.Stages.Select(s => (s.Name, s.Type, s.RowsIn, s.RowsOut)));
        Assert.Equal((1, 1, 0), (statistics.Generated, statistics.Kept, statistics.TeacherCalls));
    }
}
