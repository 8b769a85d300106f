using System.Diagnostics;

namespace InstructLab.Aspire.Artifacts;

/// <summary>Traces of the artifact store: one span per operation, tagged with bucket and key.</summary>
public static class ArtifactsTelemetry
{
    /// <summary>The ActivitySource name.</summary>
    public const string SourceName = "InstructLab.Aspire.Artifacts";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string operation, string bucket, string? key)
    {
        var activity = Source.StartActivity($"artifacts {operation}", ActivityKind.Client);
        activity?.SetTag("artifacts.bucket", bucket);
        if (key is not null)
        {
            activity?.SetTag("artifacts.key", key);
        }
        return activity;
    }
}
