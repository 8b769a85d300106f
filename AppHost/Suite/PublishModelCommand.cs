using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Training;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// "Publish model…" on the serving resource: the dashboard asks for a GGUF file on this machine and an id, sends the
/// file to the training service as <c>lab model publish</c> does, and answers with the id and version serving now
/// answers to.
/// </summary>
internal static class PublishModelCommand
{
    public const string Name = "publish-model";

    public static IResourceBuilder<ProjectResource> WithPublishModelCommand(this IResourceBuilder<ProjectResource> serving, IResourceBuilder<ProjectResource> training,
        IResourceBuilder<ParameterResource> suiteApiKey) =>
        serving.WithCommand(Name, "Publish model…", context => PublishAsync(training.Resource, suiteApiKey.Resource, context), new CommandOptions
        {
            Description = "Publish model: serve a GGUF file from this machine under an id, on every serving instance, without a restart",
            IconName = "CloudArrowUp",
            IsHighlighted = true,
            Arguments =
            [
                new InteractionInput
                {
                    Name = "file", Label = "GGUF file", InputType = InputType.Text, Required = true,
                    Placeholder = "~/models/my-model.gguf", Description = "A GGUF file on this machine",
                },
                new InteractionInput
                {
                    Name = "id", Label = "Model id", InputType = InputType.Text, Required = true,
                    Placeholder = "my-model", Description = "The id clients will use: letters, digits and . _ - :",
                },
            ],
        });

    private static async Task<ExecuteCommandResult> PublishAsync(ProjectResource training, ParameterResource suiteApiKey, ExecuteCommandContext context)
    {
        var file = SuiteChannels.ExpandHome(context.Arguments.GetString("file")?.Trim() ?? "");
        if (!File.Exists(file))
        {
            return CommandResults.Failure($"GGUF file: no file {file} on this machine.");
        }
        using var channel = await SuiteChannels.ForAsync(training, suiteApiKey, context.CancellationToken);
        if (channel is null)
        {
            return SuiteChannels.NotRunning(training);
        }
        try
        {
            var published = await ModelUpload.PublishAsync(new TrainingService.TrainingServiceClient(channel), file,
                context.Arguments.GetString("id")?.Trim() ?? "", chatTemplate: null, context.CancellationToken);
            return CommandResults.Success($"Published {published.ModelId} version {published.Version} ({published.Bytes:N0} bytes); serving answers to it now.");
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            return CommandResults.Failure($"The model was not published: {e.Status.Detail}");
        }
    }
}
