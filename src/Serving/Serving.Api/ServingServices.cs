using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Serving.Catalog;

namespace InstructLab.Aspire.Serving.Api;

public static class ServingServices
{
    /// <summary>Serving in the suite: the OpenAI API, models from the artifact store, and ModelPublished from the bus.</summary>
    public static IHostApplicationBuilder AddServingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Serving, bus => bus.AddConsumer<ModelPublishedConsumer>());
        builder.Services.AddSingleton<IModelArtifactSource, ArtifactStoreModelSource>();
        builder.Services.AddServing();
        return builder;
    }
}
