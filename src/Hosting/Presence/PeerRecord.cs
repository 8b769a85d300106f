namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>Another instance of the suite, as last heard over the bus.</summary>
public sealed record PeerRecord(string Service, Guid InstanceId, string Version, string Host, DateTimeOffset StartedAt, DateTimeOffset LastHeardAt);
