using System.Diagnostics;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Hosting.Sagas;
using InstructLab.Aspire.Training.Api.Candidates;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.StateMachines;
using InstructLab.Aspire.Training.Phases;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// A training worker: runs one segment of a job. It skips work of ended jobs and of segments done already, holds the
/// job's lease while it runs (a duplicate delivery waits until the holder is done or dead), restores the newest
/// checkpoints from the artifact store, and trains until the job is done (then publishes the model), the segment's
/// time is up (then queues the next segment), or the job is cancelled (then keeps the step boundary's checkpoint).
/// </summary>
public sealed partial class TrainModelConsumer(
    RedisSagaStore<TrainingJobSaga> states, JobLeases leases, RunningJobs running, IArtifactStore store, ModelSources models, ArtifactCache cache,
    CheckpointSync checkpoints, LiveProgress live, ModelPublisher publisher, CandidateFiles candidates, IOptions<TrainingOptions> options,
    ILogger<TrainModelConsumer> logger)
    : IConsumer<TrainModel>
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private TrainingOptions Options => options.Value;

    public async Task Consume(ConsumeContext<TrainModel> context)
    {
        var work = context.Message;
        if (!await AcquireAsync(context))
        {
            return;
        }
        using var activity = TrainingServiceTelemetry.Source.StartActivity("train segment");
        activity?.SetTag("training.job_id", work.JobId.ToString());
        activity?.SetTag("training.segment", work.Segment);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        // The segment's time starts with its first step: fetching, loading and encoding never eat a segment up.
        using var segmentTime = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, segmentTime.Token);
        running.Add(work.JobId, cancel);
        using var heartbeat = new CancellationTokenSource();
        var beating = HeartbeatAsync(work.JobId, cancel, heartbeat.Token);
        try
        {
            await context.Publish(new TrainingSegmentStarted { JobId = work.JobId, Segment = work.Segment, Worker = leases.Owner });
            await RunAsync(context, stop.Token, cancel, segmentTime);
        }
        finally
        {
            running.Remove(work.JobId);
            await heartbeat.CancelAsync();
            await beating;
            await leases.ReleaseAsync(work.JobId);
        }
    }

    private async Task RunAsync(ConsumeContext<TrainModel> context, CancellationToken stop, CancellationTokenSource cancel, CancellationTokenSource segmentTime)
    {
        var work = context.Message;
        var plan = await store.ReadJsonAsync<TrainingPlan>(work.PlanKey, context.CancellationToken);
        var folder = Path.Combine(Options.WorkDirectory, "jobs", work.JobId.ToString("N"));
        var checkpointRoot = Path.Combine(folder, "checkpoints");
        LocalInputs inputs;
        try
        {
            inputs = new LocalInputs(
                await models.FetchAsync(plan.BaseModel, context.CancellationToken),
                plan.KnowledgeKey is { } k ? await cache.FetchAsync(k, "data.knowledge_key", Options.MaxDataBytes, context.CancellationToken) : null,
                plan.SkillsKey is { } s ? await cache.FetchAsync(s, "data.skills_key", Options.MaxDataBytes, context.CancellationToken) : null);
        }
        catch (Exception e) when (e is ArgumentException or TrainingInputException)
        {
            await FailAsync(context, e.Message);
            return;
        }
        await checkpoints.RestoreAsync(work.JobId, checkpointRoot, context.CancellationToken);
        var request = EngineRequests.For(plan, inputs, Path.Combine(folder, "output", "model.gguf"), checkpointRoot, Options);
        var progress = new JobProgressSink(work.JobId, checkpointRoot, live, checkpoints, m => EngineRequests.Describe(m, plan, inputs),
            () => segmentTime.CancelAfter(Options.SegmentTime), logger, context.CancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await Task.Factory.StartNew(() => TrainingRun.Run(request, progress, stop), context.CancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // Two or more candidates to choose between: they are stored and scored before one is published.
            if (plan.ScoreCandidates && result.Candidates.Count >= 2)
            {
                var stored = await candidates.StoreAsync(work.JobId, result, context.CancellationToken);
                await leases.MarkSegmentDoneAsync(work.JobId, work.Segment);
                await context.Publish(new TrainingCandidatesReady { JobId = work.JobId, Candidates = stored });
                LogCandidates(work.JobId, stored.Count, clock.Elapsed.TotalSeconds);
                Forget(folder);
                return;
            }
            var model = await publisher.PublishAsync(plan, result.Artifacts, context, context.CancellationToken);
            await leases.MarkSegmentDoneAsync(work.JobId, work.Segment);
            await context.Publish(new TrainingJobCompleted { JobId = work.JobId, Model = model });
            LogCompleted(work.JobId, model.ModelId, model.Version, clock.Elapsed.TotalSeconds);
            Forget(folder);
        }
        catch (TrainingInterruptedException) when (cancel.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            await context.Publish(new TrainingJobCancelled { JobId = work.JobId });
            LogCancelled(work.JobId);
            Forget(folder);
        }
        catch (TrainingInterruptedException) when (segmentTime.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            await leases.MarkSegmentDoneAsync(work.JobId, work.Segment);
            await context.Publish(new TrainingSegmentEnded { JobId = work.JobId, Segment = work.Segment });
            LogSegmentEnded(work.JobId, work.Segment, clock.Elapsed.TotalSeconds);
        }
        catch (TrainingInterruptedException e)
        {
            // The host is stopping: the checkpoint is stored, and the work item goes back to the queue unacknowledged.
            throw new OperationCanceledException($"training job {work.JobId} stopped with the host at {e.Message}", e, context.CancellationToken);
        }
        catch (TrainingInputException e)
        {
            await FailAsync(context, EngineRequests.Describe(e, plan, inputs));
            Forget(folder);
        }
    }

    /// <summary>An ended job's local copies (its checkpoints stay in the artifact store); base models and data stay cached.</summary>
    private static void Forget(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Takes the job's lease unless the work item is stale (the job ended, the segment was done); waits while another worker holds it.</summary>
    private async Task<bool> AcquireAsync(ConsumeContext<TrainModel> context)
    {
        var work = context.Message;
        while (true)
        {
            var job = await states.LoadAsync(work.JobId);
            if (job is null || TrainingViews.HasEnded(job) || work.Segment < job.Segment || work.Segment <= await leases.SegmentDoneAsync(work.JobId))
            {
                LogStale(work.JobId, work.Segment, job?.CurrentState ?? "unknown");
                return false;
            }
            if (job.CurrentState == nameof(TrainingJobStateMachine.Cancelling))
            {
                await context.Publish(new TrainingJobCancelled { JobId = work.JobId });
                return false;
            }
            if (await leases.TryAcquireAsync(work.JobId))
            {
                // Re-checked under the lease: the holder that just let go may have finished this very segment.
                if (work.Segment <= await leases.SegmentDoneAsync(work.JobId))
                {
                    await leases.ReleaseAsync(work.JobId);
                    LogStale(work.JobId, work.Segment, job.CurrentState);
                    return false;
                }
                return true;
            }
            await Task.Delay(PollInterval, context.CancellationToken);
        }
    }

    /// <summary>Renews the lease and watches for a cancel the bus message may have missed (this instance was reconnecting).</summary>
    private async Task HeartbeatAsync(Guid job, CancellationTokenSource cancel, CancellationToken stop)
    {
        var interval = leases.LeaseTime / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, stop);
                if (!await leases.RenewAsync(job))
                {
                    LogLeaseLost(job);
                    await cancel.CancelAsync();
                }
                if (await states.LoadAsync(job) is { } state && (state.CurrentState == nameof(TrainingJobStateMachine.Cancelling) || TrainingViews.HasEnded(state)))
                {
                    await cancel.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                LogHeartbeatFailed(job, e.Message);
            }
        }
    }

    private async Task FailAsync(ConsumeContext<TrainModel> context, string error)
    {
        await leases.MarkSegmentDoneAsync(context.Message.JobId, context.Message.Segment);
        await context.Publish(new TrainingJobFailed { JobId = context.Message.JobId, Error = error });
        LogFailed(context.Message.JobId, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} segment {Segment} skipped: the job is {State} or the segment was done")]
    private partial void LogStale(Guid job, int segment, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} completed: {Model} version {Version} published after {Seconds:0.0} s")]
    private partial void LogCompleted(Guid job, string model, int version, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} trained after {Seconds:0.0} s: {Count} candidate checkpoints stored for scoring")]
    private partial void LogCandidates(Guid job, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} cancelled; its checkpoints are kept")]
    private partial void LogCancelled(Guid job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} segment {Segment} ended after {Seconds:0.0} s; the next is queued")]
    private partial void LogSegmentEnded(Guid job, int segment, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job} failed: {Error}")]
    private partial void LogFailed(Guid job, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: this worker lost its lease; stopping at the next step")]
    private partial void LogLeaseLost(Guid job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Training job {Job}: heartbeat failed ({Error}); retrying")]
    private partial void LogHeartbeatFailed(Guid job, string error);
}
