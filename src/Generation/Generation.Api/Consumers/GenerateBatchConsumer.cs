using System.Diagnostics;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Api.Jobs;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Generation.Jobs;
using InstructLab.Aspire.Hosting.Sagas;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>
/// A worker: runs one batch through its leaf's pipeline and announces the result. Skips batches of jobs that have
/// ended; a batch done before (redelivery, a crashed worker's retry) is announced again without running. An attempt
/// is stopped at its time limit; a failed attempt is announced to the job before it goes on to the retries.
/// </summary>
public sealed partial class GenerateBatchConsumer(BatchRunner runner, JobEndpoints endpoints, RedisSagaStore<GenerationJobState> jobs,
    IOptions<GenerationOptions> options, ILogger<GenerateBatchConsumer> logger) : IConsumer<GenerateBatch>
{
    public async Task Consume(ConsumeContext<GenerateBatch> context)
    {
        var batch = context.Message;
        var job = await jobs.LoadAsync(batch.JobId);
        if (job is not null && JobViews.HasEnded(job))
        {
            LogSkipped(batch.JobId, batch.LeafIndex, batch.BatchIndex, job.CurrentState);
            return;
        }
        using var activity = GenerationTelemetry.Source.StartActivity("generate batch");
        activity?.SetTag("generation.job_id", batch.JobId.ToString());
        activity?.SetTag("generation.leaf_index", batch.LeafIndex);
        activity?.SetTag("generation.batch_index", batch.BatchIndex);
        var clock = Stopwatch.StartNew();
        var limit = options.Value.Workers.BatchTimeLimit(batch.TimeLimit);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        bounded.CancelAfter(limit);
        BatchOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(batch.JobId, batch.PlanKey, batch.LeafIndex, batch.BatchIndex,
                plan => endpoints.ForAsync(batch.JobId, plan, bounded.Token), bounded.Token);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            var timedOut = bounded.IsCancellationRequested;
            var failure = timedOut ? new BatchTimeoutException(limit, e) : e;
            var attempt = context.GetRetryAttempt() + 1;
            LogAttemptFailed(batch.JobId, batch.LeafIndex, batch.BatchIndex, attempt, failure.Message);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            await context.Publish(new BatchAttemptFailed
            {
                JobId = batch.JobId,
                LeafIndex = batch.LeafIndex,
                BatchIndex = batch.BatchIndex,
                Attempt = attempt,
                TimedOut = timedOut,
                Reason = failure.Message,
            });
            if (timedOut)
            {
                throw failure;
            }
            throw;
        }
        activity?.SetTag("generation.rows", outcome.Rows);
        activity?.SetTag("generation.kept", outcome.Statistics.Kept);
        activity?.SetTag("generation.teacher_calls", outcome.Statistics.TeacherCalls);
        GenerationTelemetry.Batches.Add(1, new TagList { { "reused", outcome.Reused } });
        GenerationTelemetry.Samples.Add(outcome.Reused ? 0 : outcome.Statistics.Kept);
        LogBatch(batch.JobId, batch.LeafIndex, batch.BatchIndex, outcome.Rows, outcome.Statistics.Kept, outcome.Statistics.TeacherCalls, outcome.Reused, clock.ElapsedMilliseconds);
        await context.Publish(new BatchGenerated
        {
            JobId = batch.JobId,
            LeafIndex = batch.LeafIndex,
            BatchIndex = batch.BatchIndex,
            Rows = outcome.Rows,
            ResultKey = outcome.ResultKey,
            Statistics = outcome.Statistics,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} batch {Leaf}:{Batch} skipped: the job is {State}")]
    private partial void LogSkipped(Guid jobId, int leaf, int batch, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} batch {Leaf}:{Batch} attempt {Attempt} failed: {Reason}")]
    private partial void LogAttemptFailed(Guid jobId, int leaf, int batch, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} batch {Leaf}:{Batch}: {Rows} rows, {Kept} kept, {TeacherCalls} teacher calls, reused {Reused}, {Milliseconds} ms")]
    private partial void LogBatch(Guid jobId, int leaf, int batch, int rows, long kept, long teacherCalls, bool reused, long milliseconds);
}
