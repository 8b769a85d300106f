using InstructLab.Aspire.Contracts;

namespace InstructLab.Aspire.Serving.Api;

public static class ServingServices
{
    public static IHostApplicationBuilder AddServingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Serving);
        return builder;
    }
}
