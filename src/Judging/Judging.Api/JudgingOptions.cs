using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Judging.Api;

/// <summary>The <c>Judging</c> section: the default judge and the limits of a request.</summary>
public sealed class JudgingOptions
{
    public const string SectionName = "Judging";

    /// <summary>The judge when a request names none: by default the suite's serving service.</summary>
    public ChatEndpointSettings Judge { get; set; } = new();

    /// <summary>Characters of explanation a judge may write.</summary>
    public int MaxExplanationLength { get; set; } = 600;

    /// <summary>Items one Judge request (or one message of a stream) may hold.</summary>
    public int MaxItemsPerRequest { get; set; } = 1000;

    /// <summary>Characters one item's fields may hold together.</summary>
    public int MaxItemLength { get; set; } = 64 * 1024;

    public bool CacheResponses { get; set; } = true;

    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromDays(7);
}
