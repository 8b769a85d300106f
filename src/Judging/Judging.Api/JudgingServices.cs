using InstructLab.Aspire.Contracts;

namespace InstructLab.Aspire.Judging.Api;

public static class JudgingServices
{
    public static IHostApplicationBuilder AddJudgingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Judging);
        builder.Services.AddGrpc();
        return builder;
    }
}
