using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstructLab.Aspire.Artifacts;

/// <summary>Healthy when the store answers and the bucket exists.</summary>
public sealed class ArtifactStoreHealthCheck(IArtifactStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Listing one level of an unlikely prefix proves credentials and bucket with one cheap request.
            await foreach (var _ in store.ListAsync("suite/health/", recursive: false, cancellationToken))
            {
                break;
            }
            return HealthCheckResult.Healthy($"bucket '{store.Bucket}' at {store.Endpoint}");
        }
        catch (ArtifactStoreException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message);
        }
    }
}
