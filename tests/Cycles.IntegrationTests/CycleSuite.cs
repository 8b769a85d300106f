using Grpc.Net.Client;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.TestSupport.Suites;

[assembly: AssemblyFixture(typeof(InstructLab.Aspire.Cycles.IntegrationTests.CycleSuite))]

namespace InstructLab.Aspire.Cycles.IntegrationTests;

/// <summary>
/// The whole suite as processes on real Redis, RabbitMQ and S3: serving with the shared tiny ChatML model as teacher and
/// judge (and, on request, the models training writes), taxonomy, judging, generation and training. The student is a
/// tiny Llama the project builds (byte-level BPE, ChatML template: MT-Bench-branch chats with the base model too), in the
/// suite's model folder under the default student's id as a download leaves it (no student is configured: cycles that
/// name none train it) and in the artifact store for chaining; training runs one epoch per phase, single-threaded.
/// </summary>
public sealed class CycleSuite : IAsyncLifetime
{
    /// <summary>The tests that share this stack's serving run one after another (see FuzzTests).</summary>
    public const string Collection = "cycle stack";

    public const string Model = "chatml";
    public const string StudentKey = "students/tiny-chatml.gguf";

    /// <summary>How a cycle that names no student reports it.</summary>
    public static readonly string FolderStudent = $"{DefaultModels.Student.Id} (model folder)";
    public const string AutoTrainedId = "auto-trained";

    private readonly TemporaryDirectory work = new("cycle-suite");
    private GrpcChannel? channel;

    public GenerationStack Stack { get; private set; } = null!;

    public CycleService.CycleServiceClient Cycles => new(channel!);

    public TrainingService.TrainingServiceClient Training => new(channel!);

    public async ValueTask InitializeAsync()
    {
        var model = SharedFiles.RequireModel("synthetic", "tiny-random-llama-gpt2bpe-chatml.gguf");
        var student = work.Combine("models", DefaultModels.Student.FileName);
        Directory.CreateDirectory(work.Combine("models"));
        // A context of 4096 (random weights do not mind): MMLU-branch prompts carry a document chunk.
        TinyModelBuilder.Build(TinyModelPresets.Tiny with { Name = "tiny-chatml", ContextLength = 4096 }, student);
        SharedFiles.RequireData("taxonomy-sample");
        Stack = await GenerationStack.StartAsync(model, instances: 1, new Dictionary<string, string>
        {
            ["Serving__MaxSequences"] = "16",
            ["Serving__ContextSize"] = "16384",
            ["Serving__MaxSequenceLength"] = "4096",
            ["Serving__QueueLength"] = "512",
            ["Serving__ModelCacheDirectory"] = work.Combine("serving-cache"),
        }, new Dictionary<string, string>
        {
            ["Generation__Teacher__AttemptTimeout"] = "00:00:20",
            ["Generation__Teacher__MaxRetries"] = "10",
            ["Generation__Teacher__RetryDelay"] = "00:00:00.200",
        }, new Dictionary<string, string>
        {
            ["Training__WorkDirectory"] = work.Combine("training"),
            ["Training__Threads"] = "1",
            ["Models__Directory"] = work.Combine("models"),
            ["Training__Cycle__KnowledgeEpochs"] = "1",
            ["Training__Cycle__SkillsEpochs"] = "1",
            ["Training__Cycle__EffectiveBatchSize"] = "4",
            ["Training__Cycle__KnowledgeLearningRate"] = "0.001",
            ["Training__Cycle__SkillsLearningRate"] = "0.001",
            // Chaining is on too: it must leave the cycles' generation jobs to their cycles.
            ["Training__AutoTrain__Student"] = "artifact:" + StudentKey,
            ["Training__AutoTrain__OutputModelId"] = AutoTrainedId,
        });
        await Stack.Artifacts.EnsureBucketAsync();
        await Stack.Artifacts.PutFileAsync(StudentKey, student);
        channel = Stack.Channel(Stack.TrainingUrl!);
    }

    /// <summary>Kills the training service (which runs cycles and training jobs) and starts it again.</summary>
    public async Task RestartTrainingAsync()
    {
        await Stack.RestartTrainingAsync();
        channel?.Dispose();
        channel = Stack.Channel(Stack.TrainingUrl!);
    }

    public async ValueTask DisposeAsync()
    {
        channel?.Dispose();
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
        work.Dispose();
    }
}
