using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Hosting.StartupChecks;
using InstructLab.Aspire.Training.Api.Runtime;

namespace InstructLab.Aspire.Training.Api;

public static class TrainingServices
{
    public static IHostApplicationBuilder AddTrainingServices(this IHostApplicationBuilder builder)
    {
        builder.AddSuiteService(ResourceNames.Training);
        builder.Services.AddGrpc();

        builder.Services.AddSingleton<TorchRuntimeCheck>();
        builder.Services.AddSingleton<IStartupCheck>(sp => sp.GetRequiredService<TorchRuntimeCheck>());
        builder.Services.AddSingleton<IServiceDetails>(sp => sp.GetRequiredService<TorchRuntimeCheck>());
        return builder;
    }
}
