using InstructLab.Aspire.Artifacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the artifact store in a host, in the manner of Aspire's client integrations.</summary>
public static class ArtifactStoreHostingExtensions
{
    /// <summary>The configuration section with extra settings (e.g. <c>Artifacts:Bucket</c>).</summary>
    public const string SectionName = "Artifacts";

    /// <summary>
    /// Adds <see cref="IArtifactStore"/> from <c>ConnectionStrings:&lt;connectionName&gt;</c> and the <c>Artifacts</c>
    /// section, and a health check named after the connection. Bad or missing settings throw here, at start-up,
    /// with the setting's name.
    /// </summary>
    public static IHostApplicationBuilder AddArtifactStore(this IHostApplicationBuilder builder, string connectionName)
    {
        var options = new ArtifactStoreOptions();
        builder.Configuration.GetSection(SectionName).Bind(options);
        var source = $"ConnectionStrings:{connectionName}";
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            options.ApplyConnectionString(connectionString, source);
        }
        else if (options.Endpoint is null)
        {
            throw new InvalidOperationException(
                $"{source} is not set; the artifact store needs Endpoint=http://host:port;AccessKey=…;SecretKey=… (the AppHost provides it).");
        }
        options.Validate(source);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IArtifactStore>(sp => new MinioArtifactStore(sp.GetRequiredService<ArtifactStoreOptions>()));
        builder.Services.AddHealthChecks().AddCheck<ArtifactStoreHealthCheck>(connectionName, tags: ["ready"]);
        return builder;
    }
}
