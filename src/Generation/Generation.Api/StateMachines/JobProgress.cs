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

    public static void Fail(GenerationJobState job, string error)
    {
        job.Error = error;
        Finish(job);
    }

    public static void Finish(GenerationJobState job) => job.FinishedAt = DateTimeOffset.UtcNow;
}
