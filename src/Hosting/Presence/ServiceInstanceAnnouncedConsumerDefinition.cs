using MassTransit;

namespace InstructLab.Aspire.Hosting.Presence;

/// <summary>
/// Every instance must see every announcement, so each gets its own auto-deleted queue instead of sharing one
/// (which would make the instances competing consumers).
/// </summary>
public sealed class ServiceInstanceAnnouncedConsumerDefinition : ConsumerDefinition<ServiceInstanceAnnouncedConsumer>
{
    public ServiceInstanceAnnouncedConsumerDefinition(ServiceIdentity self)
    {
        EndpointName = $"presence-{self.Service}-{self.InstanceId:N}";
        Endpoint(endpoint => endpoint.Temporary = true);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ServiceInstanceAnnouncedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 5000));
    }
}
