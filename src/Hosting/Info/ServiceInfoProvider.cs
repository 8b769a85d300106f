using System.Runtime.InteropServices;
using Google.Protobuf.WellKnownTypes;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Connections;
using InstructLab.Aspire.Hosting.Presence;

namespace InstructLab.Aspire.Hosting.Info;

/// <summary>Builds the answer to GetInfo: identity, live connection checks, peers and service details.</summary>
public sealed class ServiceInfoProvider(
    ServiceIdentity self, IEnumerable<IConnectionProbe> probes, PeerDirectory peers, IEnumerable<IServiceDetails> details)
{
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(5);

    public async Task<ServiceInfo> GetAsync(CancellationToken cancellationToken)
    {
        var info = new ServiceInfo
        {
            Service = self.Service,
            InstanceId = self.InstanceId.ToString(),
            Version = self.Version,
            Build = self.Build,
            Runtime = RuntimeInformation.FrameworkDescription,
            Host = self.Host,
            ProcessId = self.ProcessId,
            StartedAt = Timestamp.FromDateTimeOffset(self.StartedAt),
        };
        info.Connections.AddRange(await Task.WhenAll(probes.Select(probe => ProbeAsync(probe, cancellationToken))));
        info.Peers.AddRange(peers.Snapshot().Select(peer => new Peer
        {
            Service = peer.Service,
            InstanceId = peer.InstanceId.ToString(),
            Version = peer.Version,
            Host = peer.Host,
            StartedAt = Timestamp.FromDateTimeOffset(peer.StartedAt),
            LastHeardAt = Timestamp.FromDateTimeOffset(peer.LastHeardAt),
        }));
        foreach (var (key, value) in details.SelectMany(source => source.Describe()))
        {
            info.Details[key] = value;
        }
        return info;
    }

    private static async Task<Connection> ProbeAsync(IConnectionProbe probe, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ProbeDeadline);
        try
        {
            return await probe.ProbeAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Connection { Resource = probe.Resource, Healthy = false, Detail = $"no answer within {ProbeDeadline.TotalSeconds:0} s" };
        }
    }
}
