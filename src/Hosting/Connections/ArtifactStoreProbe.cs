using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>Makes sure the bucket exists (creating it on first start), which also proves endpoint and credentials.</summary>
internal sealed class ArtifactStoreProbe(IArtifactStore store) : IConnectionProbe
{
    public string Resource => ResourceNames.Artifacts;

    public string Setting => $"ConnectionStrings:{ResourceNames.Artifacts}";

    public Task<Connection> ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new Connection { Resource = Resource, Kind = "s3", Endpoint = $"{store.Endpoint.Authority}/{store.Bucket}" };
        return ProbeTiming.MeasureAsync(connection, async () =>
        {
            await store.EnsureBucketAsync(cancellationToken);
            return $"bucket '{store.Bucket}' ready";
        }, e => e.Message);
    }
}
