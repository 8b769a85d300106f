using System.Collections.Concurrent;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>The jobs this instance runs now, each with the token that stops it when it is cancelled.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> running = new();

    public void Add(Guid job, CancellationTokenSource cancel) => running[job] = cancel;

    public void Remove(Guid job) => running.TryRemove(job, out _);

    /// <summary>Stops the job at its next step boundary if this instance runs it.</summary>
    public bool Cancel(Guid job)
    {
        if (!running.TryGetValue(job, out var cancel))
        {
            return false;
        }
        cancel.Cancel();
        return true;
    }
}
