using System.Diagnostics;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Progress;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// The engine's progress as a job's worker passes it on, on the training thread: the first phase start (the segment's
/// clock starts), the newest step to Redis (at most four times a second, and every phase's last), each checkpoint to
/// the artifact store before training goes on.
/// </summary>
public sealed partial class JobProgressSink(Guid job, string checkpointRoot, LiveProgress live, CheckpointSync checkpoints, Func<string, string> describe,
    Action trainingStarted, ILogger logger, CancellationToken cancellationToken) : IProgress<TrainingEvent>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly Stopwatch sinceWrite = Stopwatch.StartNew();
    private LiveProgress.StepRecord? last;
    private bool started;
    private readonly List<LiveProgress.ScoreRecord> scores = [];

    public void Report(TrainingEvent value)
    {
        switch (value)
        {
            case PhaseStarted when !started:
                started = true;
                trainingStarted();
                break;
            case StepCompleted step:
                last = new LiveProgress.StepRecord(step.Phase, step.Epoch, step.Epochs, step.Step, step.TotalSteps, step.Loss, step.LearningRate,
                    step.TokensPerSecond, step.Eta.TotalSeconds);
                if (sinceWrite.Elapsed >= Interval || step.Step == step.TotalSteps)
                {
                    Flush();
                }
                break;
            case CheckpointSaved saved:
                Flush();
                checkpoints.UploadAsync(job, checkpointRoot, saved.Path, cancellationToken).GetAwaiter().GetResult();
                LogCheckpoint(job, saved.Phase, saved.Step);
                break;
            case PhaseCompleted:
                Flush();
                break;
            case EpochScored scored:
                scores.Add(new LiveProgress.ScoreRecord(scored.Phase, scored.Epoch, scored.Step, scored.HeldOutLoss, scored.Chosen));
                live.SetScoresAsync(job, scores).GetAwaiter().GetResult();
                break;
            case TrainingNotice notice:
                LogNotice(job, describe(notice.Message));
                break;
        }
    }

    private void Flush()
    {
        if (last is { } step)
        {
            live.SetStepAsync(job, step).GetAwaiter().GetResult();
            sinceWrite.Restart();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job}: checkpoint {Phase} step {Step} stored")]
    private partial void LogCheckpoint(Guid job, string phase, long step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job}: {Message}")]
    private partial void LogNotice(Guid job, string message);
}
