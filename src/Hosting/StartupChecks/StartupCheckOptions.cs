namespace InstructLab.Aspire.Hosting.StartupChecks;

/// <summary>Bound from the <c>StartupChecks</c> section.</summary>
public sealed class StartupCheckOptions
{
    public const string SectionName = "StartupChecks";

    /// <summary>How long each check may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}
