using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting.StartupChecks;
using InstructLab.Aspire.Serving.Catalog;
using MassTransit;

namespace InstructLab.Aspire.Serving.Api;

public static class ServingServices
{
    /// <summary>Serving in the suite: the OpenAI API, models from the artifact store, and ModelPublished and ModelRemoved from the bus.</summary>
    public static IHostApplicationBuilder AddServingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Serving, bus =>
        {
            bus.AddConsumer<ModelPublishedConsumer, ModelPublishedConsumerDefinition>();
            bus.AddConsumer<ModelRemovedConsumer, ModelRemovedConsumerDefinition>();
        });
        builder.Services.AddSingleton<IModelArtifactSource, ArtifactStoreModelSource>();
        builder.Services.AddSingleton<IStartupCheck, PublishedModels>();
        builder.Services.AddServing();
        return builder;
    }
}
