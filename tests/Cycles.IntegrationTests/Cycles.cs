using Grpc.Core;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Cycles.IntegrationTests;

/// <summary>Cycle requests the tests send, and waiting for a cycle to end.</summary>
internal static class Cycles
{
    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A quick cycle: the simple pipelines, three rows per leaf, two evaluation questions, the tiny model as teacher and judge.</summary>
    public static RunCycleRequest Request(string taxonomy, string gitBase, string outputId) => new()
    {
        Name = $"test {outputId}",
        Taxonomy = new TaxonomySource { LocalPath = taxonomy },
        Base = gitBase,
        OutputModelId = outputId,
        Teacher = new ChatEndpoint { Model = CycleSuite.Model, StructuredOutput = StructuredOutput.Always },
        Judge = new ChatEndpoint { Model = CycleSuite.Model, StructuredOutput = StructuredOutput.Always },
        Pipelines = { "simple" },
        SamplesPerSeed = 2,
        MaxRowsPerLeaf = 3,
        Seed = 7,
        EvaluationLimit = 2,
        MaxAnswerTokens = 16,
        // A 512-token vocabulary spells a word in several tokens: short chunks keep samples under 2048.
        Chunking = new ChunkingOptions { MaxTokens = 150, OverlapTokens = 15 },
    };

    /// <summary>Watches the cycle until it has ended; fails when it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<Cycle> WaitAsync(CycleService.CycleServiceClient client, string id, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(timeout);
        Cycle? last = null;
        try
        {
            using var watch = client.Watch(new GetCycleRequest { Id = id }, cancellationToken: deadline.Token);
            await foreach (var cycle in watch.ResponseStream.ReadAllAsync(deadline.Token))
            {
                last = cycle;
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !Cancel.IsCancellationRequested)
        {
            Assert.Fail($"cycle {id} did not end within {timeout}; last seen: {last}");
        }
        return last ?? throw new InvalidOperationException($"no state of cycle {id}");
    }
}
