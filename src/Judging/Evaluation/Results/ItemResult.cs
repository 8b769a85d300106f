namespace InstructLab.Aspire.Evaluations.Results;

/// <summary>What an item scored: for the model, and for the base model in branch benchmarks.</summary>
public sealed record ItemResult
{
    public required string Id { get; init; }

    public required string Group { get; init; }

    public required Outcome Model { get; init; }

    public Outcome? Base { get; init; }
}

/// <summary>
/// One model's result on an item. Multiple choice: each continuation's summed log-probability and token count, the
/// choice picked (by sum, and by sum per character), and whether each is right. Judged: one <see cref="TurnOutcome"/>
/// per turn. <see cref="Error"/> when the item could not be scored at all.
/// </summary>
public sealed record Outcome
{
    public IReadOnlyList<double>? Logprobs { get; init; }

    public IReadOnlyList<int>? Tokens { get; init; }

    public int? Predicted { get; init; }

    public int? PredictedNormalized { get; init; }

    public int? Answer { get; init; }

    public IReadOnlyList<TurnOutcome>? Turns { get; init; }

    public string? Error { get; init; }

    public bool Correct => Error is null && Predicted is { } p && p == Answer;

    public bool CorrectNormalized => Error is null && PredictedNormalized is { } p && p == Answer;

    /// <summary>Scores this outcome adds: 1/0 per multiple-choice item, each rated turn's rating.</summary>
    public IEnumerable<double> Scores() => Turns is { } turns
        ? turns.Where(t => t.Rating is not null).Select(t => t.Rating!.Value)
        : Error is null ? [Correct ? 1.0 : 0.0] : [];

    /// <summary>Scorings that could not be made or read.</summary>
    public int Errors => Turns is { } turns ? turns.Count(t => t.Rating is null) : Error is null ? 0 : 1;
}

/// <summary>One turn of a judged item: the model's answer and the judge's rating (null with an error).</summary>
public sealed record TurnOutcome
{
    public required int Turn { get; init; }

    public required string Answer { get; init; }

    public double? Rating { get; init; }

    public string Explanation { get; init; } = "";

    /// <summary>structured, text or the reason the rating could not be read.</summary>
    public string? Error { get; init; }

    public bool Structured { get; init; }
}
