using InstructLab.Aspire.Hosting;
using MassTransit;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>Every serving instance must serve every published model: each has its own auto-deleted queue.</summary>
public sealed class ModelPublishedConsumerDefinition : ConsumerDefinition<ModelPublishedConsumer>
{
    public ModelPublishedConsumerDefinition(ServiceIdentity self)
    {
        EndpointName = $"model-published-{self.InstanceId:N}";
        Endpoint(endpoint => endpoint.Temporary = true);
    }
}
