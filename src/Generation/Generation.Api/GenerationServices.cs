using InstructLab.Aspire.Contracts;

namespace InstructLab.Aspire.Generation.Api;

public static class GenerationServices
{
    public static IHostApplicationBuilder AddGenerationServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Generation);
        builder.Services.AddGrpc();
        return builder;
    }
}
