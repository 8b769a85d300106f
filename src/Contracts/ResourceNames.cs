namespace InstructLab.Aspire.Contracts;

/// <summary>
/// Names of the suite's resources, shared by the AppHost, the services, the CLI and the tests. A resource name
/// is also the name of its connection string (<c>ConnectionStrings:&lt;name&gt;</c>) and of its service-discovery entry.
/// </summary>
public static class ResourceNames
{
    /// <summary>Redis: job state, teacher response cache, progress counters.</summary>
    public const string Cache = "cache";

    /// <summary>RabbitMQ: commands and events between services (MassTransit).</summary>
    public const string Messaging = "messaging";

    /// <summary>S3 object storage: documents, datasets, checkpoints, models.</summary>
    public const string Artifacts = "artifacts";

    /// <summary>The taxonomy service (gRPC).</summary>
    public const string Taxonomy = "taxonomy";

    /// <summary>The generation service (gRPC).</summary>
    public const string Generation = "generation";

    /// <summary>The judging service (gRPC).</summary>
    public const string Judging = "judging";

    /// <summary>The training service (gRPC).</summary>
    public const string Training = "training";

    /// <summary>The serving service (OpenAI-compatible HTTP).</summary>
    public const string Serving = "serving";

    /// <summary>The five services, in the order the suite's data flows through them.</summary>
    public static readonly IReadOnlyList<string> Services = [Taxonomy, Generation, Judging, Training, Serving];

    /// <summary>The services that speak gRPC (serving speaks the OpenAI HTTP API).</summary>
    public static readonly IReadOnlyList<string> GrpcServices = [Taxonomy, Generation, Judging, Training];
}
