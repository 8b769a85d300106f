namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>A teacher or judge as a plan holds it: no key (that stays in Redis, see <see cref="JobSecrets"/>).</summary>
public sealed record PlanEndpoint
{
    /// <summary>Empty: the suite's serving service.</summary>
    public string Url { get; init; } = "";

    public string Model { get; init; } = "";

    public int MaxConcurrency { get; init; }

    /// <summary>auto, always or never.</summary>
    public string StructuredOutput { get; init; } = "auto";
}
