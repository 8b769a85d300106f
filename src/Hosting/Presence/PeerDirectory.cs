using System.Collections.Concurrent;

namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>The instances this instance has heard announce themselves, until they announce they stop.</summary>
public sealed class PeerDirectory
{
    private readonly ConcurrentDictionary<Guid, PeerRecord> peers = new();

    /// <summary>Adds or refreshes a peer; true when it was not known before.</summary>
    public bool Upsert(PeerRecord peer)
    {
        var isNew = true;
        peers.AddOrUpdate(peer.InstanceId, peer, (_, _) => { isNew = false; return peer; });
        return isNew;
    }

    public void Remove(Guid instanceId) => peers.TryRemove(instanceId, out _);

    public IReadOnlyList<PeerRecord> Snapshot() =>
        [.. peers.Values.OrderBy(peer => peer.Service, StringComparer.Ordinal).ThenBy(peer => peer.StartedAt)];
}
