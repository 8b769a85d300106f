namespace InstructLab.Aspire.Training.Api.Reports;

/// <summary>Links to a job's training report (section <c>Training:Reports</c>).</summary>
public sealed class ReportLinkOptions
{
    /// <summary>
    /// The training service's HTTP address as a browser reaches it (the AppHost sets it); empty: the <c>http</c>
    /// endpoint this instance listens on.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>
    /// The secret links are signed with, the same on every instance (the AppHost passes a generated secret parameter);
    /// empty: a random one per process, so a link works only on the instance that made it and until it restarts.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a link works; default 7 days.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);
}
