using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Generation.V1;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// "Generate data…" on the generation resource: the dashboard asks for a taxonomy (a folder or a git URL), its base ref
/// and a pipeline, submits the job as <c>lab data generate --detach</c> does, and answers with the job's id and leaves
/// (follow it with <c>lab data show ID</c>, or in the trace it makes).
/// </summary>
internal static class GenerateCommand
{
    public const string Name = "generate-data";

    public static IResourceBuilder<ProjectResource> WithGenerateCommand(this IResourceBuilder<ProjectResource> generation, IResourceBuilder<ParameterResource> suiteApiKey) =>
        generation.WithCommand(Name, "Generate data…", context => SubmitAsync(generation.Resource, suiteApiKey.Resource, context), new CommandOptions
        {
            Description = "Generate data: synthetic training samples for a taxonomy's changed leaves, written by the suite's teacher and checked by its judge",
            IconName = "DocumentDatabase",
            IsHighlighted = true,
            Arguments =
            [
                .. TaxonomyInput.Inputs("The git ref the changed leaves are found against; \"empty\" for every leaf (a folder without git: every leaf)"),
                new InteractionInput
                {
                    Name = "pipeline", Label = "Pipeline", InputType = InputType.Text, Value = "full",
                    Description = "simple, full, another built-in, or a file of the generation service's pipeline folder",
                },
            ],
        });

    private static async Task<ExecuteCommandResult> SubmitAsync(ProjectResource generation, ParameterResource suiteApiKey, ExecuteCommandContext context)
    {
        var arguments = context.Arguments;
        var taxonomy = arguments.GetString("taxonomy") ?? "";
        if (TaxonomyInput.Problem(taxonomy) is { } problem)
        {
            return CommandResults.Failure(problem);
        }
        var request = new SubmitJobRequest
        {
            Taxonomy = TaxonomyInput.Source(taxonomy),
            Base = arguments.GetString("base")?.Trim() ?? "",
            Name = TaxonomyInput.JobName(taxonomy),
            RequestId = Guid.NewGuid().ToString(),
        };
        if (arguments.GetString("pipeline")?.Trim() is { Length: > 0 } pipeline)
        {
            request.Pipelines.Add(pipeline);
        }
        using var channel = await SuiteChannels.ForAsync(generation, suiteApiKey, context.CancellationToken);
        if (channel is null)
        {
            return SuiteChannels.NotRunning(generation);
        }
        try
        {
            var submitted = await new GenerationService.GenerationServiceClient(channel).SubmitJobAsync(request, cancellationToken: context.CancellationToken);
            var leaves = submitted.Job.Leaves.Count;
            return CommandResults.Success($"Generation job {submitted.JobId} started for {leaves} leaf(s). Follow it with: lab data show {submitted.JobId}");
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            // The service's reason names what to fix (a field, invalid files, no leaf changed, a teacher it cannot reach).
            return CommandResults.Failure($"The job did not start: {e.Status.Detail}");
        }
    }
}
