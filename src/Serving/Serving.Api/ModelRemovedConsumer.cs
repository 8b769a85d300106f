using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Hosting;
using InstructLab.Aspire.Serving.Catalog;
using MassTransit;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>Stops answering to a removed published model (running requests finish on it).</summary>
public sealed class ModelRemovedConsumer(ModelCatalog catalog) : IConsumer<ModelRemoved>
{
    public Task Consume(ConsumeContext<ModelRemoved> context)
    {
        var id = context.Message.ModelId;
        catalog.Remove(id, spec => spec.ArtifactKey?.StartsWith($"{PublishedModels.Prefix}{id}/", StringComparison.Ordinal) == true);
        return Task.CompletedTask;
    }
}

/// <summary>Every serving instance must hear it: each has its own auto-deleted queue.</summary>
public sealed class ModelRemovedConsumerDefinition : ConsumerDefinition<ModelRemovedConsumer>
{
    public ModelRemovedConsumerDefinition(ServiceIdentity self)
    {
        EndpointName = $"model-removed-{self.InstanceId:N}";
        Endpoint(endpoint => endpoint.Temporary = true);
    }
}
