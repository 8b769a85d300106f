using InstructLab.Aspire.Hub;
using Google.Protobuf;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting;
using InstructLab.Aspire.Hosting.Connections;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Hosting.Listening;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hosting.Presence;
using InstructLab.Aspire.Hosting.Security;
using InstructLab.Aspire.Hosting.StartupChecks;
using MassTransit;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Connects a service host to the rest of the suite.</summary>
public static class SuiteServiceExtensions
{
    /// <summary>
    /// Makes this host the suite service <paramref name="service"/>: start-up checks first, then Redis
    /// (<c>cache</c>), the artifact store (<c>artifacts</c>) and MassTransit over RabbitMQ (<c>messaging</c>), presence
    /// on the bus and GetInfo. <paramref name="configureBus"/> adds the service's own consumers and sagas.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteService(this IHostApplicationBuilder builder, string service,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServiceIdentity(service, sp.GetRequiredService<TimeProvider>()));

        // Hosted services start in registration order: the checks (every connection probe among them) run before the bus starts.
        services.AddOptions<StartupCheckOptions>().BindConfiguration(StartupCheckOptions.SectionName);
        services.AddHostedService<StartupCheckRunner>();
        // Where models are kept and which a request that names none gets (Models:*), the same for every service.
        services.AddOptions<SuiteModels>().BindConfiguration(SuiteModels.SectionName);

        // Only Redis commands of an operation someone started are traced: StackExchange.Redis's keep-alive PINGs (every
        // service, every few seconds; its timer keeps whatever activity was current when it connected) and commands
        // outside any recorded trace would each be a trace of their own in the dashboard.
        builder.AddRedisClient(ResourceNames.Cache, settings => settings.DisableTracing = true);
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddRedisInstrumentation(options =>
            options.Filter = command => command.ParentActivity is { Recorded: true } && command.ProfiledCommand.Command != "PING"));
        builder.AddArtifactStore(ResourceNames.Artifacts);
        var messaging = MessagingConnection.FromConnectionString(builder.Configuration.GetConnectionString(ResourceNames.Messaging));
        services.AddSingleton(messaging);

        services.AddSingleton<IConnectionProbe, RedisProbe>();
        services.AddSingleton<IConnectionProbe, RabbitMqProbe>();
        services.AddSingleton<IConnectionProbe, ArtifactStoreProbe>();

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<ServiceInstanceAnnouncedConsumer, ServiceInstanceAnnouncedConsumerDefinition>();
            configureBus?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(messaging.Uri);
                rabbit.ConfigureEndpoints(context);
            });
        });
        services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<ServiceInfoProvider>();
        services.AddHostedService<PresenceAnnouncer>();

        services.AddSingleton<ListeningEndpoints>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, EndpointCapture>();
        services.AddHostedService<EndpointAnnouncer>();
        return builder;
    }

    /// <summary>
    /// The suite's API key on this service's gRPC calls (with <see cref="SuiteKeyInterceptor"/> in its AddGrpc), and the
    /// start-up check that refuses to listen beyond loopback without one.
    /// </summary>
    public static IHostApplicationBuilder AddSuiteKey(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStartupCheck, SuiteKeyCheck>();
        return builder;
    }

    /// <summary>Maps <c>GET /info</c>: the GetInfo answer as JSON (protobuf JSON mapping), for HTTP clients and curl.</summary>
    public static WebApplication MapServiceInfo(this WebApplication app)
    {
        app.MapGet("/info", async (HttpRequest request, IConfiguration configuration, ServiceInfoProvider info, CancellationToken cancellationToken) =>
            configuration[SuiteApiKey.Setting] is { Length: > 0 } key && !SuiteApiKey.Matches(request.Headers.Authorization, key)
                ? Results.Text($"GET /info needs the suite's API key (authorization: Bearer KEY)", statusCode: StatusCodes.Status401Unauthorized)
                : Results.Text(JsonFormatter.Default.Format(await info.GetAsync(cancellationToken)), "application/json"));
        return app;
    }
}
