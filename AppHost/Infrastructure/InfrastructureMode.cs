namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>How the AppHost provides Redis, RabbitMQ and S3 storage (setting <c>Infrastructure:Mode</c>).</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, else local executables.</summary>
    Auto,

    /// <summary>The official images: redis, rabbitmq with management, minio/minio.</summary>
    Containers,

    /// <summary>redis-server and rabbitmq-server from Debian's packages; minio from PATH, else s3rver from npm.</summary>
    Executables,

    /// <summary>Servers run elsewhere; their connection strings come from <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
    External,
}
