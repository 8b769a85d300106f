using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>The Redis resource: job state, response cache, progress counters.</summary>
internal static class CacheResources
{
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this SuiteInfrastructure infrastructure, string name)
    {
        var builder = infrastructure.Builder;
        switch (infrastructure.Mode)
        {
            case InfrastructureMode.Containers:
                return builder.AddRedis(name, password: infrastructure.GeneratedSecret($"{name}-password"))
                    .WithDataVolume();

            case InfrastructureMode.External:
                return builder.AddExternalConnectionString(name).WithRedisHealthCheck();

            default:
                SuiteInfrastructure.RequireOnPath("redis-server", "Debian package redis-server");
                var password = infrastructure.GeneratedSecret($"{name}-password");
                var server = new LocalServerResource(name, infrastructure.RepositoryFile("eng/servers/redis.sh"),
                    infrastructure.DataFor(name), "tcp",
                    endpoint => ReferenceExpression.Create($"127.0.0.1:{endpoint.Property(EndpointProperty.Port)},password={password}"));
                return builder.AddResource(server)
                    .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
                    .WithArgs(context =>
                    {
                        context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                        context.Args.Add(server.WorkingDirectory);
                    })
                    .WithEnvironment("REDIS_PASSWORD", password)
                    .WithRedisHealthCheck();
        }
    }
}
