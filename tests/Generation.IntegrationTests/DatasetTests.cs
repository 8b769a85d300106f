using System.Text.Json.Nodes;
using System.Threading.Channels;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.TestSupport;
using MassTransit;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>Built-in pipelines over real sample leaves, with the tiny random teacher forced to structured output.</summary>
public sealed class DatasetTests(GenerationSuite suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KnowledgeAndFreeformSkillLeavesYieldDatasetsInInstructLabsFormat()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine("formats"), SampleTaxonomy.ChickadeeLeaf, SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 101, "simple");
        (request.SamplesPerSeed, request.BatchSize, request.MaxRowsPerLeaf) = (2, 2, 3);
        request.Chunking = new ChunkingOptions { MaxTokens = 200, OverlapTokens = 20 };
        var announced = Channel.CreateUnbounded<DatasetReady>();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(suite.Stack.RabbitMq.ConnectionString));
            rabbit.ReceiveEndpoint($"test-dataset-ready-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Handler<DatasetReady>(context => announced.Writer.WriteAsync(context.Message).AsTask());
            });
        });
        await bus.StartAsync(Cancel);
        try
        {
            var job = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(4));
            var ready = await ReadyAsync(announced.Reader, job.Id).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

            Assert.Equal(job.Dataset.SkillsKey, ready.Dataset.SkillsKey);
            var knowledge = await Jobs.LinesAsync(suite.Stack.Artifacts, job.Dataset.KnowledgeKey);
            var skills = await Jobs.LinesAsync(suite.Stack.Artifacts, job.Dataset.SkillsKey);
            Assert.NotEmpty(knowledge);
            Assert.All(knowledge.Concat(skills), AssertInstructLabLine);
            Assert.All(knowledge, line => Assert.True((bool)line["unmask"]!));
            Assert.All(skills, line => Assert.False((bool)line["unmask"]!));
            Assert.Equal(knowledge.Count, skills.Count(l => Metadata(l)["dataset"]!.ToString() == "knowledge_recall"));
            var skill = skills.Where(l => Metadata(l)["dataset"]!.ToString() == "skill").ToList();
            Assert.NotEmpty(skill);
            Assert.All(skill, line => Assert.Equal("compositional_skills/linguistics/synonyms", Metadata(line)["leaf"]!.ToString()));
            var recall = skills.First(l => Metadata(l)["dataset"]!.ToString() == "knowledge_recall");
            Assert.Equal(3, User(recall).Split("[Document ").Length - 1); // the source chunk and two distractors
            Assert.Equal((job.Dataset.KnowledgeLines, job.Dataset.SkillsLines), (knowledge.Count, (long)skills.Count));

            var card = JsonNode.Parse(await suite.Stack.Artifacts.ReadBytesAsync(job.Dataset.DataCardKey, Cancel))!;
            Assert.Equal(GenerationSuite.Model, (string)card["teacher_model"]!);
            Assert.Equal(101, (long)card["seed"]!);
            var leaves = card["leaves"]!.AsArray();
            Assert.Equal(["freeform-skills-simple", "knowledge-simple"], leaves.Select(l => (string)l!["pipeline"]!).Order(StringComparer.Ordinal));
            Assert.All(leaves, leaf =>
            {
                Assert.Equal(3, (int)leaf!["rows"]!);
                Assert.Equal(6, (long)leaf["statistics"]!["generated"]!);
                Assert.InRange((int)leaf["samples"]!, 1, 6);
            });
            Assert.Equal(job.Progress.TeacherCalls + job.Progress.CachedCalls, (long)card["totals"]!["teacher_calls"]! + (long)card["totals"]!["cached_calls"]!);
            var markdown = System.Text.Encoding.UTF8.GetString(await suite.Stack.Artifacts.ReadBytesAsync(job.Dataset.DataCardMarkdownKey, Cancel));
            Assert.Contains("# Data card: test-101", markdown);
            Assert.Contains("| generate_qa | llm | 3 | 6 |", markdown);
            foreach (var key in job.Dataset.LeafKeys)
            {
                Assert.NotEmpty(await Jobs.LinesAsync(suite.Stack.Artifacts, key));
            }

            // MMLU-branch questions of the knowledge leaf: one asked per chunk, kept when the judge answers as intended.
            var questions = await Jobs.LinesAsync(suite.Stack.Artifacts, job.Dataset.MmluBranchKey);
            Assert.Equal(job.Dataset.MmluBranchLines, questions.Count);
            Assert.All(questions, question =>
            {
                Assert.Equal("knowledge/science/animals/birds/black_capped_chickadee", (string)question["leaf"]!);
                Assert.Equal(4, question["choices"]!.AsArray().Count);
                Assert.InRange((int)question["answer"]!, 0, 3);
                Assert.False(string.IsNullOrWhiteSpace((string)question["context"]!));
            });
            var chickadee = leaves.Single(l => (string)l!["kind"]! == "knowledge")!;
            var stage = chickadee["statistics"]!["stages"]!.AsArray().Single(s => (string)s!["name"]! == "mmlu_branch")!;
            Assert.Equal(3, (long)stage["rows_in"]!);
            Assert.Equal(questions.Count, (long)stage["rows_out"]!);
            Assert.Equal(3, (long)stage["rows_out"]! + (long)stage["unparsed"]! + (long)stage["refused"]!);
            Assert.Equal(questions.Count, (int)chickadee["mmlu_branch_questions"]!);
            Assert.Contains("MMLU-branch: 3 questions asked", markdown);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>This job's announcement (an earlier job's, delivered late, is passed over).</summary>
    private static async Task<DatasetReady> ReadyAsync(ChannelReader<DatasetReady> announced, string jobId)
    {
        while (true)
        {
            var ready = await announced.ReadAsync(Cancel);
            if (ready.JobId.ToString() == jobId)
            {
                return ready;
            }
        }
    }

    /// <summary>The line format instructlab/training reads: exactly id, messages (system, user, assistant), metadata (a JSON string), unmask.</summary>
    private static void AssertInstructLabLine(JsonObject line)
    {
        Assert.Equal(["id", "messages", "metadata", "unmask"], line.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty((string)line["id"]!));
        var messages = line["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant"], messages.Select(m => (string)m!["role"]!));
        Assert.All(messages, m =>
        {
            Assert.Equal(["content", "role"], m!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.False(string.IsNullOrWhiteSpace((string)m["content"]!));
        });
        Assert.IsType<JsonObject>(Metadata(line));
    }

    private static JsonNode Metadata(JsonObject line) => JsonNode.Parse((string)line["metadata"]!)!;

    private static string User(JsonObject line) => (string)line["messages"]![1]!["content"]!;
}
