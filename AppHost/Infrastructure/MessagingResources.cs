using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>The RabbitMQ resource, with its management UI.</summary>
internal static class MessagingResources
{
    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(this SuiteInfrastructure infrastructure, string name)
    {
        var builder = infrastructure.Builder;
        switch (infrastructure.Mode)
        {
            case InfrastructureMode.Containers:
                return builder.AddRabbitMQ(name, builder.AddParameter($"{name}-username", "instructlab"),
                        infrastructure.GeneratedSecret($"{name}-password"))
                    .WithManagementPlugin();

            case InfrastructureMode.External:
                return builder.AddExternalConnectionString(name).WithRabbitMqHealthCheck();

            default:
                var script = infrastructure.RepositoryFile("eng/servers/rabbitmq.sh");
                if (!File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
                {
                    SuiteInfrastructure.RequireOnPath("rabbitmq-server", "Debian package rabbitmq-server");
                }
                var user = builder.AddParameter($"{name}-username", "instructlab");
                var password = infrastructure.GeneratedSecret($"{name}-password");
                // All broker state of one AppHost run lives in its own folder; earlier runs' folders are removed.
                var runDirectory = RunDirectories.CreateFor(infrastructure.DataFor(name));
                var server = new LocalServerResource(name, script, runDirectory, "tcp",
                    endpoint => ReferenceExpression.Create($"amqp://{user}:{password}@127.0.0.1:{endpoint.Property(EndpointProperty.Port)}/"));
                return builder.AddResource(server)
                    .WithEndpoint(name: "tcp", scheme: "tcp", isProxied: false)
                    .WithHttpEndpoint(name: "management", isProxied: false)
                    .WithArgs(context =>
                    {
                        context.Args.Add(server.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                        context.Args.Add(server.WorkingDirectory);
                        context.Args.Add(server.GetEndpoint("management").Property(EndpointProperty.TargetPort));
                    })
                    .WithEnvironment("RABBITMQ_DEFAULT_USER", user)
                    .WithEnvironment("RABBITMQ_DEFAULT_PASS", password)
                    .WithRabbitMqHealthCheck();
        }
    }
}
