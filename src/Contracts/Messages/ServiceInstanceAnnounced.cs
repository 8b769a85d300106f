namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>
/// An instance of a suite service announces itself. Published by every instance when it starts and when it
/// stops, and in reply to another instance's start so that late joiners learn about everyone. The details sit
/// in a manifest in the artifact store (claim check); the message carries its key.
/// </summary>
public sealed record ServiceInstanceAnnounced
{
    /// <summary>The announcing instance's id.</summary>
    public required Guid CorrelationId { get; init; }

    /// <summary>Resource name of the service (see <see cref="ResourceNames"/>).</summary>
    public required string Service { get; init; }

    /// <summary>Why the instance announces itself.</summary>
    public required AnnouncementKind Kind { get; init; }

    /// <summary>Key of the instance's <see cref="ServiceInstanceManifest"/> in the artifact store.</summary>
    public required string ManifestKey { get; init; }

    /// <summary>When the announcement was sent.</summary>
    public required DateTimeOffset SentAt { get; init; }
}
