namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>
/// What a service instance stores about itself in the artifact store, under <see cref="KeyFor"/>, before it
/// announces itself.
/// </summary>
public sealed record ServiceInstanceManifest
{
    /// <summary>Resource name of the service.</summary>
    public required string Service { get; init; }

    /// <summary>The instance's id.</summary>
    public required Guid InstanceId { get; init; }

    /// <summary>Semantic version of the suite.</summary>
    public required string Version { get; init; }

    /// <summary>Version plus source revision.</summary>
    public required string Build { get; init; }

    /// <summary>Machine name.</summary>
    public required string Host { get; init; }

    /// <summary>Operating-system process id.</summary>
    public required int ProcessId { get; init; }

    /// <summary>When the instance started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The artifact-store key of an instance's manifest.</summary>
    public static string KeyFor(string service, Guid instanceId) => $"suite/instances/{service}/{instanceId:N}.json";
}
