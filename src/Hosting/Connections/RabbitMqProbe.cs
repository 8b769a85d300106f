using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>
/// Opens a fresh AMQP connection (reachability and credentials, also before the bus starts) and adds the state of
/// the service's own bus once it runs.
/// </summary>
internal sealed class RabbitMqProbe(MessagingConnection messaging, IServiceProvider services) : IConnectionProbe
{
    public string Resource => ResourceNames.Messaging;

    public string Setting => $"ConnectionStrings:{ResourceNames.Messaging}";

    public Task<Connection> ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = new Connection { Resource = Resource, Kind = "rabbitmq", Endpoint = messaging.Endpoint };
        return ProbeTiming.MeasureAsync(connection, async () =>
        {
            var factory = new ConnectionFactory
            {
                Uri = messaging.Uri,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "instructlab-probe",
            };
            await using var amqp = await factory.CreateConnectionAsync(cancellationToken);
            var version = amqp.ServerProperties?.TryGetValue("version", out var raw) == true && raw is byte[] bytes
                ? System.Text.Encoding.UTF8.GetString(bytes)
                : "?";
            var bus = services.GetService<IBusControl>()?.CheckHealth();
            return bus is null ? $"RabbitMQ {version}" : $"RabbitMQ {version}; bus {bus.Status}";
        }, Describe);
    }

    private static string Describe(Exception e) => e switch
    {
        BrokerUnreachableException { InnerException: AuthenticationFailureException auth } =>
            $"RabbitMQ refused the credentials: {auth.Message}",
        BrokerUnreachableException { InnerException: { } inner } => $"RabbitMQ is unreachable: {inner.GetBaseException().Message}",
        _ => e.Message,
    };
}
