using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Evaluations.Items;

/// <summary>
/// One item of a benchmark, as the plan stores it. A multiple-choice item has a prompt (text, or chat messages the
/// model's template renders) and continuations to score after it; a judged item has questions, one per turn, with
/// optional reference answers, context and a given response.
/// </summary>
public sealed record EvaluationItem
{
    /// <summary>Unique within the evaluation, e.g. <c>anatomy/12</c> or <c>mt_bench/81</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What the report groups by: subject, category, leaf or file.</summary>
    public required string Group { get; init; }

    /// <summary>Where the item came from (file:line), for reports and errors.</summary>
    public string Source { get; init; } = "";

    public string? Prompt { get; init; }

    public IReadOnlyList<ChatTurn>? Chat { get; init; }

    public IReadOnlyList<string>? Continuations { get; init; }

    public int Answer { get; init; }

    public IReadOnlyList<string>? Turns { get; init; }

    public IReadOnlyList<string>? References { get; init; }

    /// <summary>The document a grounded question rests on.</summary>
    public string? Context { get; init; }

    /// <summary>DK-Bench: the response to judge when the file brings it (the model is not asked).</summary>
    public string? Response { get; init; }

    /// <summary>Sampling temperature of the model's answers.</summary>
    public float Temperature { get; init; }

    /// <summary>Branch benchmarks: the item's leaf is new on the branch (its verdict is "new").</summary>
    public bool NewGroup { get; init; }
}
