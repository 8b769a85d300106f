using InstructLab.Aspire.TestSupport.Servers;

namespace InstructLab.Aspire.Hosting.IntegrationTests;

/// <summary>Real Redis, RabbitMQ and S3 servers, shared by the tests of a class.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public LocalServer Redis { get; private set; } = null!;

    public LocalServer RabbitMq { get; private set; } = null!;

    public LocalServer S3 { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var redis = LocalServer.StartRedisAsync();
        var rabbitMq = LocalServer.StartRabbitMqAsync();
        var s3 = LocalServer.StartS3Async();
        (Redis, RabbitMq, S3) = (await redis, await rabbitMq, await s3);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in new[] { Redis, RabbitMq, S3 })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
