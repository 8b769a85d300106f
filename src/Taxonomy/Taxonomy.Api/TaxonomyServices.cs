using InstructLab.Aspire.Contracts;

namespace InstructLab.Aspire.Taxonomy.Api;

public static class TaxonomyServices
{
    public static IHostApplicationBuilder AddTaxonomyServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Taxonomy);
        builder.Services.AddGrpc();
        return builder;
    }
}
