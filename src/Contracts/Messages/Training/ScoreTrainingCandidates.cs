namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>Starts (or, sent again, finds) the evaluations of a job's candidate checkpoints.</summary>
public sealed record ScoreTrainingCandidates
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The candidates, with the scores known so far.</summary>
    public required IReadOnlyList<TrainingCandidate> Candidates { get; init; }
}

/// <summary>The evaluations scoring a job's candidates were started (their ids, for the job's view).</summary>
public sealed record TrainingCandidatesScoring
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The evaluations started, one per candidate and benchmark.</summary>
    public required IReadOnlyList<Guid> EvaluationIds { get; init; }

    /// <summary>Benchmarks the evaluation service refused, with why (the choice is made without them).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}

/// <summary>Every evaluation of a job's candidates has ended: each candidate with the scores it got.</summary>
public sealed record TrainingCandidatesScored
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The candidates, with the scores known so far.</summary>
    public required IReadOnlyList<TrainingCandidate> Candidates { get; init; }

    /// <summary>The judge's model, as the evaluations name it ("" without MT-Bench-branch).</summary>
    public string Judge { get; init; } = "";

    /// <summary>Evaluations that did not complete, with why (the choice was made without them).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}

/// <summary>Publishes the chosen candidate as the job's model, its card naming every candidate's scores.</summary>
public sealed record PublishTrainingCandidate
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The judge's model, as the evaluations name it ("" without MT-Bench-branch).</summary>
    public string Judge { get; init; } = "";

    /// <summary>The job's plan in the artifact store.</summary>
    public required string PlanKey { get; init; }

    /// <summary>The candidates, with the scores known so far.</summary>
    public required IReadOnlyList<TrainingCandidate> Candidates { get; init; }
}
