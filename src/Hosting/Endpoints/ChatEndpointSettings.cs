using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Hosting.Endpoints;

/// <summary>
/// A service's configured teacher or judge (e.g. <c>Generation:Teacher</c>, <c>Judging:Judge</c>). Without a URL it is
/// the suite's serving service, found through service discovery, with the suite's serving key.
/// </summary>
public sealed class ChatEndpointSettings
{
    public string? Url { get; set; }

    /// <summary>
    /// Empty: for the suite's serving service the suite's choice (<c>Models:Teacher</c>, <c>Models:Judge</c>); else, or
    /// when that is empty too, the downloaded default teacher if the endpoint lists it, else its first model.
    /// </summary>
    public string Model { get; set; } = "";

    /// <summary>Bearer key of <see cref="Url"/> (or of the suite's serving service); a secret, never logged.</summary>
    public string ApiKey { get; set; } = "";

    public int MaxConcurrency { get; set; } = 16;

    public StructuredOutputMode StructuredOutput { get; set; } = StructuredOutputMode.Auto;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public int MaxRetries { get; set; } = 6;

    /// <summary>The longest one call may take with its retries; past it the call fails (and its batch is retried).</summary>
    public TimeSpan MaxCallTime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The suite's model for this role (<c>Models:Teacher</c>, say) when this setting names no endpoint and no model.</summary>
    public void UseSuiteModel(string model)
    {
        if (Model is "" && Url is null or "")
        {
            Model = model;
        }
    }
}
