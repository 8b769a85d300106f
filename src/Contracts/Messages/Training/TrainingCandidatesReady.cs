namespace InstructLab.Aspire.Contracts.Messages.Training;

/// <summary>
/// A job whose checkpoints are scored through the evaluation service has trained: its last phase's epoch-end
/// checkpoints are exported and stored (<c>training/&lt;job&gt;/candidates/epoch-N/model.gguf</c>), beside the run's
/// card and report (<c>training/&lt;job&gt;/result/</c>), waiting for the choice.
/// </summary>
public sealed record TrainingCandidatesReady
{
    /// <summary>The training job (the correlation id of its state machine).</summary>
    public required Guid JobId { get; init; }

    /// <summary>The candidates, with the scores known so far.</summary>
    public required IReadOnlyList<TrainingCandidate> Candidates { get; init; }
}

/// <summary>One exported epoch-end checkpoint and what is known of it.</summary>
public sealed record TrainingCandidate
{
    /// <summary>The phase the checkpoint ends an epoch of (the last one trained).</summary>
    public required string Phase { get; init; }

    /// <summary>The epoch the checkpoint ends (1-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>Optimizer steps of the phase at the checkpoint.</summary>
    public required long Step { get; init; }

    /// <summary>Its GGUF in the artifact store.</summary>
    public required string ModelKey { get; init; }

    /// <summary>Mean answer-token loss on the held-out samples; null without them.</summary>
    public double? HeldOutLoss { get; init; }

    /// <summary>MT-Bench-branch mean rating, once scored.</summary>
    public double? MtBenchBranch { get; init; }

    /// <summary>MMLU-branch accuracy, once scored.</summary>
    public double? MmluBranch { get; init; }
}
