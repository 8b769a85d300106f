using InstructLab.Aspire.Contracts.Messages.Generation;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>How the job's state changes with each event; plain functions of the state, kept apart from the machine.</summary>
internal static class JobProgress
{
    public static void Start(GenerationJobState job, GenerationJobSubmitted submitted)
    {
        job.Name = submitted.Name;
        job.PlanKey = submitted.PlanKey;
        job.Seed = submitted.Seed;
        job.TeacherModel = submitted.TeacherModel;
        job.TeacherUrl = submitted.TeacherUrl;
        job.SubmittedAt = submitted.SubmittedAt;
        job.BatchTimeLimit = submitted.BatchTimeLimit;
        job.Leaves = [.. submitted.Leaves.Select(leaf => new LeafState
        {
            Index = leaf.Index,
            Name = leaf.Name,
            Kind = leaf.Kind,
            Pipeline = leaf.Pipeline,
            Rows = leaf.Rows,
            Batches = leaf.Batches,
        })];
    }

    /// <summary>Counts a batch once, however often its result is announced.</summary>
    public static void Record(GenerationJobState job, BatchGenerated batch)
    {
        if (!job.DoneBatches.Add(GenerationJobState.BatchId(batch.LeafIndex, batch.BatchIndex)))
        {
            return;
        }
        var leaf = job.Leaves[batch.LeafIndex];
        leaf.BatchesDone++;
        leaf.RowsDone += batch.Rows;
        leaf.Statistics = leaf.Statistics.Add(batch.Statistics);
    }

    /// <summary>Counts a failed attempt once, however often it is announced.</summary>
    public static void Record(GenerationJobState job, BatchAttemptFailed attempt, Guid messageId)
    {
        if (attempt.LeafIndex < 0 || attempt.LeafIndex >= job.Leaves.Count || !job.FailedAttempts.Add(messageId))
        {
            return;
        }
        var leaf = job.Leaves[attempt.LeafIndex];
        leaf.FailedAttempts++;
        leaf.TimedOutAttempts += attempt.TimedOut ? 1 : 0;
        job.LastFailure = $"batch {attempt.LeafIndex}:{attempt.BatchIndex} ({leaf.Name}) attempt {attempt.Attempt}: {attempt.Reason}";
    }

    public static void Fail(GenerationJobState job, string error)
    {
        job.Error = error;
        Finish(job);
    }

    public static void Finish(GenerationJobState job) => job.FinishedAt = DateTimeOffset.UtcNow;
}
