using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Suites;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.Generation.IntegrationTests.GenerationSuite))]

namespace InstructLab.Aspire.Generation.IntegrationTests;

/// <summary>
/// The generation stack for every test of this assembly: the shared ChatML model (random weights) as teacher and
/// judge, two generation instances whose teacher gives up an attempt after 20 s.
/// </summary>
public sealed class GenerationSuite : IAsyncLifetime
{
    public const string Model = GenerationStack.Model;

    /// <summary>A pipeline in the services' custom pipeline folder (Generation:PipelineDirectory).</summary>
    public const string FolderPipeline = "folder-tiny";

    private readonly TemporaryDirectory pipelines = new("generation-pipelines");

    public GenerationStack Stack { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var model = SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        SharedFiles.RequireData("taxonomy-sample");
        await File.WriteAllTextAsync(pipelines.Combine($"{FolderPipeline}.yaml"), Jobs.TinyPipeline);
        Stack = await GenerationStack.StartAsync(model, instances: 2, new Dictionary<string, string>
        {
            ["Serving__MaxSequences"] = "16",
            ["Serving__ContextSize"] = "16384",
            // Past the model's trained 2048: random weights do not mind, and a prompt with a document chunk and an
            // in-context example plus the pipelines' completion budgets fit.
            ["Serving__MaxSequenceLength"] = "4096",
            ["Serving__QueueLength"] = "512",
        }, new Dictionary<string, string>
        {
            // Long enough for a 1500-character answer while 16 others decode; a hung request fails after it.
            ["Generation__Teacher__AttemptTimeout"] = "00:00:20",
            ["Generation__Teacher__MaxRetries"] = "10",
            ["Generation__Teacher__RetryDelay"] = "00:00:00.200",
            ["Generation__Workers__ConcurrentBatches"] = "2",
            // A failed batch waits 2 s, 10 s, 10 s before its retries (30 s at most by default).
            ["Generation__Workers__MaxRetryDelay"] = "00:00:10",
            ["Generation__PipelineDirectory"] = pipelines.Path,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        pipelines.Dispose();
    }
}
