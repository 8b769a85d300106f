using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting.Endpoints;
using InstructLab.Aspire.Judging.Api.Grpc;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Judging.Api;

public static class JudgingServices
{
    public static IHostApplicationBuilder AddJudgingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Judging);
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<JudgingErrors>());
        builder.Services.AddOptions<JudgingOptions>().BindConfiguration(JudgingOptions.SectionName)
            .Validate(o => o.MaxExplanationLength is >= 16 and <= 8192, "Judging:MaxExplanationLength must be from 16 to 8192")
            .Validate(o => o.MaxItemsPerRequest > 0, "Judging:MaxItemsPerRequest must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JudgingOptions>>().Value;
            return new ChatCacheSettings(options.CacheResponses, options.CacheTimeToLive);
        });
        builder.Services.AddSingleton<ChatEndpointResolver>();
        builder.Services.AddSingleton<JudgeRunner>();
        return builder;
    }
}
