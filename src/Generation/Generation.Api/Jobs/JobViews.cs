using Google.Protobuf.WellKnownTypes;
using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Api.StateMachines;
using InstructLab.Aspire.Generation.Pipelines;
using Proto = InstructLab.Aspire.Contracts.Generation.V1;
using TaxonomyProto = InstructLab.Aspire.Contracts.Taxonomy.V1;


namespace InstructLab.Aspire.Generation.Api.Jobs;

/// <summary>A job's state as the gRPC API shows it.</summary>
public static class JobViews
{
    public static bool HasEnded(GenerationJobState job) => job.CurrentState is nameof(GenerationJobStateMachine.Completed) or nameof(GenerationJobStateMachine.Failed) or nameof(GenerationJobStateMachine.Cancelled);

    public static Job ToProto(GenerationJobState job, DateTimeOffset now)
    {
        var view = new Job
        {
            Id = job.CorrelationId.ToString(),
            Name = job.Name,
            State = job.CurrentState switch
            {
                nameof(GenerationJobStateMachine.Mixing) => Proto.JobState.Mixing,
                nameof(GenerationJobStateMachine.Completed) => Proto.JobState.Completed,
                nameof(GenerationJobStateMachine.Failed) => Proto.JobState.Failed,
                nameof(GenerationJobStateMachine.Cancelled) => Proto.JobState.Cancelled,
                _ => Proto.JobState.Running,
            },
            SubmittedAt = Timestamp.FromDateTimeOffset(job.SubmittedAt),
            Error = job.Error ?? "",
            Seed = job.Seed,
            TeacherModel = job.TeacherModel,
            TeacherUrl = job.TeacherUrl,
            LastFailure = job.LastFailure ?? "",
            Progress = Progress(job.Leaves),
        };
        if (job.FinishedAt is { } finished)
        {
            view.FinishedAt = Timestamp.FromDateTimeOffset(finished);
        }
        view.Leaves.AddRange(job.Leaves.Select(leaf => new LeafProgress
        {
            Leaf = leaf.Name,
            Kind = Kind(leaf.Kind),
            Pipeline = leaf.Pipeline,
            Progress = Progress([leaf]),
        }));
        if (job.Dataset is { } dataset)
        {
            view.Dataset = new Dataset
            {
                KnowledgeKey = dataset.KnowledgeKey,
                SkillsKey = dataset.SkillsKey,
                DataCardKey = dataset.DataCardKey,
                DataCardMarkdownKey = dataset.DataCardMarkdownKey,
                LeafKeys = { dataset.LeafKeys },
                KnowledgeLines = dataset.KnowledgeLines,
                SkillsLines = dataset.SkillsLines,
                MmluBranchKey = dataset.MmluBranchKey,
                MmluBranchLines = dataset.MmluBranchLines,
            };
        }
        var (done, total) = (view.Progress.RowsDone, view.Progress.RowsTotal);
        if (view.State == Proto.JobState.Running && done > 0 && done < total)
        {
            view.EtaSeconds = (now - job.SubmittedAt).TotalSeconds * (total - done) / done;
        }
        return view;
    }

    /// <summary>A job whose state machine has not seen its submit yet: running, nothing done.</summary>
    public static GenerationJobState Submitted(GenerationJobSubmitted submitted)
    {
        var job = new GenerationJobState { CorrelationId = submitted.JobId, CurrentState = nameof(GenerationJobStateMachine.Running) };
        JobProgress.Start(job, submitted);
        return job;
    }

    private static Proto.Progress Progress(IReadOnlyList<LeafState> leaves)
    {
        var sum = leaves.Aggregate(new GenerationStatistics(), (total, leaf) => total.Add(leaf.Statistics));
        var progress = new Proto.Progress
        {
            BatchesDone = leaves.Sum(l => l.BatchesDone),
            BatchesTotal = leaves.Sum(l => l.Batches),
            RowsDone = leaves.Sum(l => l.RowsDone),
            RowsTotal = leaves.Sum(l => l.Rows),
            SamplesGenerated = sum.Generated,
            SamplesKept = sum.Kept,
            TeacherCalls = sum.TeacherCalls,
            CachedCalls = sum.CachedCalls,
            TeacherTokens = sum.TeacherTokens,
            JudgeCalls = sum.JudgeCalls,
            FailedAttempts = leaves.Sum(l => l.FailedAttempts),
            TimedOutAttempts = leaves.Sum(l => l.TimedOutAttempts),
        };
        progress.Stages.AddRange(sum.Stages.Select(s => new StageCount { Name = s.Name, Type = s.Type, RowsIn = s.RowsIn, RowsOut = s.RowsOut, Unparsed = s.Unparsed, Refused = s.Refused }));
        return progress;
    }

    private static TaxonomyProto.LeafKind Kind(string kind) => kind switch
    {
        LeafKinds.Knowledge => TaxonomyProto.LeafKind.Knowledge,
        LeafKinds.FreeformSkill => TaxonomyProto.LeafKind.FreeformSkill,
        LeafKinds.GroundedSkill => TaxonomyProto.LeafKind.GroundedSkill,
        _ => TaxonomyProto.LeafKind.FoundationalSkill,
    };
}
