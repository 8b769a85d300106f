using System.Text;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>
/// A teacher URL written with credentials (<c>user:password@</c>, <c>?key=</c>): the job runs, and neither secret is
/// in anything it wrote — plan, batches, dataset, data card, the job's view — nor in a span it exported, a log line of
/// any service, or a message that went over the bus (RabbitMQ's firehose copies every one).
/// </summary>
public sealed class CredentialsInUrlTests(GenerationSuite suite)
{
    private const string Password = "hunter2-in-the-url";
    private const string QueryKey = "sekrit-query-key";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecretsWrittenInATeacherUrlAreInNothingTheJobWrites()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Stack.Workspace.Combine($"secrets-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        var request = Jobs.Request(taxonomy, seed: 4242).WithTinyPipeline();
        (request.SamplesPerSeed, request.MaxRowsPerLeaf) = (1, 1);
        var serving = suite.Stack.Serving;
        request.Teacher = new ChatEndpoint
        {
            Url = $"{serving.Scheme}://teacher:{Password}@{serving.Authority}/v1?key={QueryKey}",
            Model = GenerationSuite.Model,
            ApiKey = suite.Stack.ServingKey,
            StructuredOutput = StructuredOutput.Always,
        };

        await using var bus = await BusRecorder.StartAsync(suite.Stack.RabbitMq);
        var job = await Jobs.RunAsync(suite, request, TimeSpan.FromMinutes(3));

        Assert.Equal($"{serving.Scheme}://{serving.Authority}/v1", job.TeacherUrl);
        var written = new StringBuilder(Google.Protobuf.JsonFormatter.Default.Format(job));
        var id = Guid.Parse(job.Id);
        foreach (var prefix in new[] { $"generation/{id:N}/", $"datasets/{id:N}/" })
        {
            await foreach (var info in suite.Stack.Artifacts.ListAsync(prefix, cancellationToken: Cancel))
            {
                written.Append(Encoding.UTF8.GetString(await suite.Stack.Artifacts.ReadBytesAsync(info.Key, Cancel)));
            }
        }
        Assert.Contains("plan.json", string.Join(' ', await KeysAsync($"generation/{id:N}/")));
        // Spans leave in batches every 500 ms: wait for the job's last one, its mix.
        await suite.Stack.Collector.WaitForAsync(spans => spans.FirstOrDefault(s => s.Name == "mix dataset" && s.Attributes.GetValueOrDefault("generation.job_id") == job.Id),
            TimeSpan.FromSeconds(30));
        written.AppendJoin('\n', suite.Stack.Collector.Spans.SelectMany(s => s.Attributes.Values.Append(s.Name)));
        Assert.Contains(suite.Stack.ProcessOutputs(), log => log.Contains(job.Id, StringComparison.Ordinal));
        written.AppendJoin('\n', suite.Stack.ProcessOutputs());
        // The recorder saw the job's own messages (its batches, its end), so the search below covers them.
        Assert.Contains(bus.Messages, m => m.StartsWith("publish.", StringComparison.Ordinal) && m.Contains(job.Id, StringComparison.Ordinal));
        Assert.Contains(bus.Messages, m => m.StartsWith("deliver.", StringComparison.Ordinal) && m.Contains(job.Id, StringComparison.Ordinal));
        written.AppendJoin('\n', bus.Messages);

        var text = written.ToString();
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(QueryKey, text, StringComparison.Ordinal);
    }

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var info in suite.Stack.Artifacts.ListAsync(prefix, cancellationToken: Cancel))
        {
            keys.Add(info.Key);
        }
        return keys;
    }
}
