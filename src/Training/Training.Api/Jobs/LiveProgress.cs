using System.Text.Json;
using System.Text.Json.Serialization;
using InstructLab.Aspire.Contracts.Training.V1;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>
/// What a job's worker reports between state changes, in Redis beside the state machine: the newest step (written at
/// most a few times a second) and every checkpoint stored, so WatchJob shows them from any instance.
/// </summary>
public sealed class LiveProgress(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly TimeSpan Keep = TimeSpan.FromDays(30);

    public Task SetStepAsync(Guid job, StepRecord step) =>
        redis.GetDatabase().StringSetAsync(TrainingKeys.Live(job), JsonSerializer.Serialize(step, Json), Keep);

    public async Task AddCheckpointAsync(Guid job, CheckpointRecord checkpoint)
    {
        var database = redis.GetDatabase();
        var existing = await CheckpointsAsync(job);
        if (existing.Any(c => c.Key == checkpoint.Key))
        {
            return;
        }
        await database.ListRightPushAsync(TrainingKeys.CheckpointList(job), JsonSerializer.Serialize(checkpoint, Json));
        await database.KeyExpireAsync(TrainingKeys.CheckpointList(job), Keep);
    }

    /// <summary>Forgets checkpoints the worker deleted (older mid-epoch ones).</summary>
    public async Task RemoveCheckpointAsync(Guid job, string key)
    {
        var database = redis.GetDatabase();
        foreach (var entry in await database.ListRangeAsync(TrainingKeys.CheckpointList(job)))
        {
            if (JsonSerializer.Deserialize<CheckpointRecord>(entry.ToString(), Json)?.Key == key)
            {
                await database.ListRemoveAsync(TrainingKeys.CheckpointList(job), entry);
            }
        }
    }

    /// <summary>The epoch scores of the job's selection, replacing earlier ones (a resumed job scores again).</summary>
    public async Task SetScoresAsync(Guid job, IReadOnlyList<ScoreRecord> scores) =>
        await redis.GetDatabase().StringSetAsync(TrainingKeys.Scores(job), JsonSerializer.Serialize(scores, Json), Keep);

    public async Task<IReadOnlyList<ScoreRecord>> ScoresAsync(Guid job)
    {
        var value = await redis.GetDatabase().StringGetAsync(TrainingKeys.Scores(job));
        return value.IsNullOrEmpty ? [] : JsonSerializer.Deserialize<List<ScoreRecord>>(value.ToString(), Json)!;
    }

    public async Task<StepRecord?> StepAsync(Guid job)
    {
        var value = await redis.GetDatabase().StringGetAsync(TrainingKeys.Live(job));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StepRecord>(value.ToString(), Json);
    }

    public async Task<IReadOnlyList<CheckpointRecord>> CheckpointsAsync(Guid job)
    {
        var entries = await redis.GetDatabase().ListRangeAsync(TrainingKeys.CheckpointList(job));
        return [.. entries.Select(e => JsonSerializer.Deserialize<CheckpointRecord>(e.ToString(), Json)!)];
    }

    /// <summary>The newest step as the API shows it.</summary>
    public sealed record StepRecord(string Phase, int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double LearningRate,
        double TokensPerSecond, double EtaSeconds)
    {
        public StepProgress ToProto() => new()
        {
            Phase = Phase, Epoch = Epoch, Epochs = Epochs, Step = Step, TotalSteps = TotalSteps, Loss = Loss,
            LearningRate = LearningRate, TokensPerSecond = TokensPerSecond, EtaSeconds = EtaSeconds,
        };
    }

    public sealed record ScoreRecord(string Phase, int Epoch, long Step, double HeldOutLoss, bool Chosen)
    {
        public double? MtBenchBranch { get; init; }

        public double? MmluBranch { get; init; }

        public EpochScore ToProto()
        {
            var proto = new EpochScore { Phase = Phase, Epoch = Epoch, Step = Step, HeldOutLoss = HeldOutLoss, Chosen = Chosen };
            if (MtBenchBranch is { } mtBench)
            {
                proto.MtBenchBranch = mtBench;
            }
            if (MmluBranch is { } mmlu)
            {
                proto.MmluBranch = mmlu;
            }
            return proto;
        }
    }

    public sealed record CheckpointRecord(string Phase, long Step, string Key, bool EpochEnd, int Epoch, double Loss)
    {
        public Checkpoint ToProto() => new() { Phase = Phase, Step = Step, Key = Key, EpochEnd = EpochEnd, Epoch = Epoch, Loss = Loss };
    }
}
