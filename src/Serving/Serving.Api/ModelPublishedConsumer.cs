using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Serving.Catalog;
using MassTransit;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>Makes a published model servable at once, without a restart (it is downloaded on its first request).</summary>
public sealed class ModelPublishedConsumer(ModelCatalog catalog) : IConsumer<ModelPublished>
{
    public Task Consume(ConsumeContext<ModelPublished> context)
    {
        var message = context.Message;
        catalog.Register(message.ModelId, new ServedModelOptions
        {
            ArtifactKey = message.ArtifactKey,
            Sha256 = message.Sha256,
            ChatTemplate = message.ChatTemplate,
        });
        return Task.CompletedTask;
    }
}
