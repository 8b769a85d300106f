using InstructLab.Aspire.Contracts.Messages;

namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>What this instance says about itself: its manifest and its announcements.</summary>
internal static class Announcements
{
    public static string ManifestKey(this ServiceIdentity self) => ServiceInstanceManifest.KeyFor(self.Service, self.InstanceId);

    public static ServiceInstanceManifest Manifest(this ServiceIdentity self) => new()
    {
        Service = self.Service,
        InstanceId = self.InstanceId,
        Version = self.Version,
        Build = self.Build,
        Host = self.Host,
        ProcessId = self.ProcessId,
        StartedAt = self.StartedAt,
    };

    public static ServiceInstanceAnnounced Announcement(this ServiceIdentity self, AnnouncementKind kind, TimeProvider time) => new()
    {
        CorrelationId = self.InstanceId,
        Service = self.Service,
        Kind = kind,
        ManifestKey = self.ManifestKey(),
        SentAt = time.GetUtcNow(),
    };
}
