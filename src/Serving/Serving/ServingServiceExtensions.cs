using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.Serving;
using InstructLab.Aspire.Serving.Api;
using InstructLab.Aspire.Serving.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAI-compatible server in a web host (serving's suite service, or <c>lab model serve</c>).</summary>
public static class ServingServiceExtensions
{
    public static IServiceCollection AddServing(this IServiceCollection services, Action<ServingOptions>? configure = null)
    {
        var options = services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        // The suite's model folder (Models:Directory) unless serving is given its own.
        options.Configure<Microsoft.Extensions.Configuration.IConfiguration>((o, configuration) =>
            o.ModelCacheDirectory = o.ModelCacheDirectory is { Length: > 0 } own ? own : configuration[$"{InstructLab.Aspire.Hub.SuiteModels.SectionName}:Directory"]);
        options.Validate(o => o.MaxSequences is >= 1 and <= 256, "Serving:MaxSequences must be from 1 to 256.")
            .Validate(o => o.ContextSize >= 16, "Serving:ContextSize must be at least 16.")
            .Validate(o => o.QueueLength >= 0, "Serving:QueueLength must not be negative.")
            .Validate(o => o.BatchSize >= 1, "Serving:BatchSize must be at least 1.")
            .Validate(o => o.MaxRequestBodyBytes >= 1024, "Serving:MaxRequestBodyBytes must be at least 1024.")
            .Validate(o => o.Models.All(m => m.Value.Path is not null || m.Value.Url is not null || m.Value.ArtifactKey is not null),
                "Every Serving:Models entry needs a Path, Url or ArtifactKey.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ServingOptions>>().Value);
        // Model downloads go only where the suite's outbound policy lets requests go (no link-local or metadata addresses).
        services.AddHttpClient<ModelFiles>(client => client.Timeout = TimeSpan.FromHours(2))
            .ConfigurePrimaryHttpMessageHandler(() => OutboundUrls.Guarded(new SocketsHttpHandler()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModelCatalog>();
        services.AddHostedService<ModelFolder>();
        services.AddHostedService<DefaultModelDownload>();
        services.AddHostedService<ModelPreloader>();
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models");
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(ServingTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(ServingTelemetry.Name).AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps the OpenAI API, <c>/tokenize</c>, <c>/detokenize</c>, <c>/apply-template</c> and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapServing(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ModelEndpoints.List);
        endpoints.MapGet("/v1/models/{id}", ModelEndpoints.Get);
        endpoints.MapPost("/v1/chat/completions", ChatCompletionEndpoint.HandleAsync);
        endpoints.MapPost("/v1/completions", CompletionEndpoint.HandleAsync);
        endpoints.MapPost("/v1/embeddings", EmbeddingEndpoint.HandleAsync);
        endpoints.MapPost("/tokenize", TokenizeEndpoints.TokenizeAsync);
        endpoints.MapPost("/detokenize", TokenizeEndpoints.DetokenizeAsync);
        endpoints.MapPost("/apply-template", ApplyTemplateEndpoint.HandleAsync);
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        return endpoints;
    }

    /// <summary>OpenAI error envelopes, API keys and body limits; call before routing.</summary>
    public static IApplicationBuilder UseServing(this IApplicationBuilder app)
    {
        LlamaCppRuntime.EnsureConfigured(app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("LlamaCpp"));
        return app.UseMiddleware<ServingMiddleware>();
    }
}
