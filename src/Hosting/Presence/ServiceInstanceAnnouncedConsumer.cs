using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>
/// Keeps the <see cref="PeerDirectory"/>: reads an announcing instance's manifest from the artifact store and, when a
/// new instance has just started, announces this instance back so the newcomer learns about it. Redelivery is
/// harmless: the directory is keyed by instance, and only a first sighting is answered.
/// </summary>
public sealed partial class ServiceInstanceAnnouncedConsumer(
    ServiceIdentity self, PeerDirectory peers, IArtifactStore artifacts, TimeProvider time,
    ILogger<ServiceInstanceAnnouncedConsumer> logger) : IConsumer<ServiceInstanceAnnounced>
{
    public async Task Consume(ConsumeContext<ServiceInstanceAnnounced> context)
    {
        var announcement = context.Message;
        if (announcement.CorrelationId == self.InstanceId)
        {
            return;
        }
        if (announcement.Kind == AnnouncementKind.Stopping)
        {
            peers.Remove(announcement.CorrelationId);
            LogPeerLeft(announcement.Service, announcement.CorrelationId);
            return;
        }

        ServiceInstanceManifest manifest;
        try
        {
            manifest = await artifacts.ReadJsonAsync<ServiceInstanceManifest>(announcement.ManifestKey, context.CancellationToken);
        }
        catch (ArtifactNotFoundException)
        {
            // The instance stopped (and removed its manifest) before we got to its announcement.
            peers.Remove(announcement.CorrelationId);
            return;
        }

        var isNew = peers.Upsert(new PeerRecord(manifest.Service, manifest.InstanceId, manifest.Version, manifest.Host,
            manifest.StartedAt, time.GetUtcNow()));
        if (isNew)
        {
            LogPeerJoined(manifest.Service, manifest.InstanceId, manifest.Version);
        }
        if (isNew && announcement.Kind == AnnouncementKind.Started)
        {
            await context.Publish(self.Announcement(AnnouncementKind.Present, time));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Service} {InstanceId} (version {Version}) joined")]
    private partial void LogPeerJoined(string service, Guid instanceId, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Service} {InstanceId} left")]
    private partial void LogPeerLeft(string service, Guid instanceId);
}
