using InstructLab.Aspire.Hosting;
using InstructLab.Aspire.Training.Api.Jobs;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// A worker's hold on a job while it runs a segment: a Redis key with this instance as owner that expires after
/// <c>Training:LeaseTime</c> unless renewed. A killed worker's hold runs out, and the job's redelivered work item is
/// taken up by the next worker; a duplicate delivery waits while the holder lives.
/// </summary>
public sealed class JobLeases(IConnectionMultiplexer redis, ServiceIdentity self, IOptions<TrainingOptions> options)
{
    private const string RenewIfOwner = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private const string DeleteIfOwner = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    public string Owner { get; } = $"{self.Service}/{self.InstanceId:N} on {self.Host} (pid {self.ProcessId})";

    public TimeSpan LeaseTime => options.Value.LeaseTime;

    public Task<bool> TryAcquireAsync(Guid job) =>
        redis.GetDatabase().StringSetAsync(TrainingKeys.Lease(job), Owner, LeaseTime, When.NotExists);

    /// <summary>Extends the hold; false when it was lost (expired and taken by another worker).</summary>
    public async Task<bool> RenewAsync(Guid job) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewIfOwner, [TrainingKeys.Lease(job)], [Owner, (long)LeaseTime.TotalMilliseconds]) == 1;

    /// <summary>Whether some worker holds the job now.</summary>
    public Task<bool> IsHeldAsync(Guid job) => redis.GetDatabase().KeyExistsAsync(TrainingKeys.Lease(job));

    public Task ReleaseAsync(Guid job) =>
        redis.GetDatabase().ScriptEvaluateAsync(DeleteIfOwner, [TrainingKeys.Lease(job)], [Owner]);

    /// <summary>The highest segment of the job a worker finished, or -1.</summary>
    public async Task<int> SegmentDoneAsync(Guid job)
    {
        var value = await redis.GetDatabase().StringGetAsync(TrainingKeys.SegmentDone(job));
        return value.IsNullOrEmpty ? -1 : (int)value;
    }

    public Task MarkSegmentDoneAsync(Guid job, int segment) =>
        redis.GetDatabase().StringSetAsync(TrainingKeys.SegmentDone(job), segment, TimeSpan.FromDays(30));
}
