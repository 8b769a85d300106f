using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>
/// Once the host has started (bus running), stores this instance's manifest and announces it; when the host stops,
/// announces that and removes the manifest.
/// </summary>
internal sealed partial class PresenceAnnouncer(
    ServiceIdentity self, IArtifactStore artifacts, IBus bus, TimeProvider time, ILogger<PresenceAnnouncer> logger)
    : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await artifacts.PutJsonAsync(self.ManifestKey(), self.Manifest(), cancellationToken);
        await bus.Publish(self.Announcement(AnnouncementKind.Started, time), cancellationToken);
        LogAnnounced(self.Service, self.InstanceId, self.Build);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(self.Announcement(AnnouncementKind.Stopping, time), cancellationToken);
            await artifacts.DeleteAsync(self.ManifestKey(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Peers then keep this instance until they restart; nothing else depends on it.
            LogGoodbyeFailed(e.Message);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Announced {Service} instance {InstanceId}, build {Build}")]
    private partial void LogAnnounced(string service, Guid instanceId, string build);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce that this instance stops: {Reason}")]
    private partial void LogGoodbyeFailed(string reason);
}
