namespace InstructLab.Aspire.Contracts.Messages.Evaluation;

/// <summary>Scores summed over items: <see cref="Sum"/> ÷ <see cref="Scored"/> is the mean; <see cref="Errors"/> could not be read.</summary>
public sealed record ScoreTally
{
    /// <summary>Scores made: multiple-choice items scored, or ratings read.</summary>
    public int Scored { get; init; }

    /// <summary>Their sum: items right, or the ratings added up.</summary>
    public double Sum { get; init; }

    /// <summary>Scorings that could not be made or ratings that could not be read.</summary>
    public int Errors { get; init; }

    /// <summary>The mean score; 0 before any.</summary>
    public double Mean => Scored == 0 ? 0 : Sum / Scored;

    /// <summary>Both tallies together.</summary>
    public ScoreTally Add(ScoreTally other) => new() { Scored = Scored + other.Scored, Sum = Sum + other.Sum, Errors = Errors + other.Errors };
}
