using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>Loads the models marked Preload in the background after start-up (the server answers meanwhile; health says 503).</summary>
internal sealed class ModelPreloader(ModelCatalog catalog, ILogger<ModelPreloader> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await catalog.PreloadAsync(stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "Preloading the models failed");
        }
    }
}

/// <summary>Unhealthy (503 on <c>/health</c>) while a preloaded model is still loading.</summary>
internal sealed class ModelsHealthCheck(ModelCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (catalog.PendingPreloads > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{catalog.PendingPreloads} model(s) still loading"));
        }
        var models = catalog.List();
        return Task.FromResult(HealthCheckResult.Healthy($"{models.Count(m => m.Loaded)} of {models.Count} model(s) loaded"));
    }
}
