using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hosting.Security;
using InstructLab.Aspire.Taxonomy.Api.Documents;
using InstructLab.Aspire.Taxonomy.Api.Grpc;
using InstructLab.Aspire.Taxonomy.Api.Leaves;
using InstructLab.Aspire.Taxonomy.Api.Sources;
using InstructLab.Aspire.Taxonomy.Documents;
using InstructLab.Aspire.Taxonomy.Validation;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Taxonomy.Api;

public static class TaxonomyServices
{
    public static IHostApplicationBuilder AddTaxonomyServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Taxonomy);
        builder.AddSuiteKey();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<SuiteKeyInterceptor>();
            grpc.Interceptors.Add<TaxonomyErrors>();
        });

        builder.Services.AddOptions<TaxonomyServiceOptions>()
            .BindConfiguration(TaxonomyServiceOptions.SectionName)
            .PostConfigure(o =>
            {
                if (o.AllowedLocalRoots.Count == 0)
                {
                    o.AllowedLocalRoots.Add(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
                }
            });
        builder.Services.AddSingleton<TaxonomySources>();
        builder.Services.AddSingleton(sp => new QnaValidator(sp.GetRequiredService<IOptions<TaxonomyServiceOptions>>().Value.Limits));
        builder.Services.AddSingleton<IDocumentCache, ArtifactDocumentCache>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TaxonomyServiceOptions>>().Value;
            var documents = new DocumentOptions
            {
                CacheDirectory = Path.Combine(sp.GetRequiredService<TaxonomySources>().CacheDirectory, "documents"),
                Mirrors = options.Mirrors,
                AllowedLocalRoots = options.AllowedLocalRoots,
            };
            return new KnowledgeDocumentResolver(documents, sp.GetRequiredService<IDocumentCache>());
        });
        builder.Services.AddSingleton<LeafProvider>();
        builder.Services.AddHttpClient(TokenCounters.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => OutboundUrls.Guarded(new SocketsHttpHandler()));
        builder.Services.AddSingleton<TokenCounters>();
        return builder;
    }
}
