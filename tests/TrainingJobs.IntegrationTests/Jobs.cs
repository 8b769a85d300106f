using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Training;
using InstructLab.Aspire.Training.Progress;


namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>Data, requests and waits the tests share.</summary>
internal static class Jobs
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Numbered questions and answers, one JSON line each (with a system turn for skills), stored under a fresh key.</summary>
    public static async Task<string> PutDataAsync(TrainingStack stack, string name, int count, bool system)
    {
        var lines = Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
        {
            id = $"q{i}",
            messages = (system ? [new { role = "system", content = "You tell short stories." }] : Array.Empty<object>())
                .Concat([new { role = "user", content = $"What did animal number {i} find?" }, new { role = "assistant", content = $"Animal number {i} found a {(i % 3 == 0 ? "red ball" : i % 3 == 1 ? "big tree" : "little box")} in the park." }]),
            unmask = !system,
        }));
        var key = $"data/{Guid.NewGuid():N}/{name}";
        await stack.Artifacts.PutBytesAsync(key, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), cancellationToken: Cancel);
        return key;
    }

    /// <summary>Both phases on stories260K: epochs × ⌈samples / 4⌉ steps each, a checkpoint every 8 samples.</summary>
    public static async Task<SubmitTrainingJobRequest> RequestAsync(TrainingStack stack, string outputId, int samples = 16, int epochs = 2)
    {
        var phase = new PhaseOptions { Epochs = epochs, LearningRate = 1e-3, EffectiveBatchSize = 4, WarmupSteps = 2, SaveSamples = 8 };
        return new SubmitTrainingJobRequest
        {
            Name = outputId,
            BaseModel = "artifact:" + TrainingStack.StudentKey,
            OutputModelId = outputId,
            Data = new TrainingData { Files = new DatasetFiles
            {
                KnowledgeKey = await PutDataAsync(stack, "knowledge_train_msgs.jsonl", samples, system: false),
                SkillsKey = await PutDataAsync(stack, "skills_train_msgs.jsonl", samples, system: true),
            } },
            Knowledge = phase,
            Skills = phase.Clone(),
            MaxSequenceLength = 256,
        };
    }

    /// <summary>Watches the job until it ends, calling <paramref name="onUpdate"/> with each state seen.</summary>
    public static async Task<TrainingJob> WaitAsync(TrainingStack stack, string jobId, TimeSpan timeout, Func<TrainingJob, Task>? onUpdate = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(timeout);
        TrainingJob? last = null;
        while (true)
        {
            try
            {
                using var watch = stack.Client.WatchJob(new GetTrainingJobRequest { JobId = jobId }, cancellationToken: deadline.Token);
                await foreach (var job in watch.ResponseStream.ReadAllAsync(deadline.Token))
                {
                    last = job;
                    if (onUpdate is not null)
                    {
                        await onUpdate(job);
                    }
                }
                if (last is { State: TrainingJobState.Completed or TrainingJobState.Failed or TrainingJobState.Cancelled })
                {
                    return last;
                }
            }
            catch (Exception e) when (e is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Cancelled } or ObjectDisposedException
                && !deadline.IsCancellationRequested)
            {
                // The instance answering went away (a test killed it): watch again.
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException) when (!Cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"job {jobId} did not end within {timeout}: {last}");
            }
        }
    }

    /// <summary>The same training in this process without interruption: the weights a job must end with.</summary>
    public static async Task<string> ReferenceRunAsync(TrainingStack stack, SubmitTrainingJobRequest request, string folder)
    {
        Directory.CreateDirectory(folder);
        var knowledge = Path.Combine(folder, "knowledge.jsonl");
        var skills = Path.Combine(folder, "skills.jsonl");
        await stack.Artifacts.DownloadToFileAsync(request.Data.Files.KnowledgeKey, knowledge, Cancel);
        await stack.Artifacts.DownloadToFileAsync(request.Data.Files.SkillsKey, skills, Cancel);
        PhaseSettings Phase(PhaseOptions o) => new()
        {
            Epochs = o.Epochs, LearningRate = o.LearningRate, EffectiveBatchSize = o.EffectiveBatchSize, WarmupSteps = o.WarmupSteps, SaveSamples = o.SaveSamples,
        };
        var output = Path.Combine(folder, "reference.gguf");
        await Task.Run(() => TrainingRun.Run(new TrainingRequest
        {
            BaseModel = stack.StudentPath,
            KnowledgeData = knowledge,
            SkillsData = skills,
            Output = output,
            Knowledge = Phase(request.Knowledge),
            Skills = Phase(request.Skills),
            MaxSequenceLength = request.MaxSequenceLength,
            HeldOutFraction = request.HasHeldOutFraction ? request.HeldOutFraction : 0.1,
            Threads = 1,
        }, new Progress<TrainingEvent>()), Cancel);
        return output;
    }

    /// <summary>Every tensor's values as bytes, by name.</summary>
    public static Dictionary<string, byte[]> Weights(string gguf)
    {
        var file = GgufFile.Open(gguf);
        return file.Tensors.ToDictionary(t => t.Name, t => MemoryMarshal.AsBytes(file.ReadFloats(t).AsSpan()).ToArray());
    }

    public static async Task<string> DownloadAsync(IArtifactStore store, string key, string path)
    {
        await store.DownloadToFileAsync(key, path, Cancel);
        return path;
    }
}
