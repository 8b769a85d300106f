using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// "Start a LAB cycle…" on the training resource: the dashboard asks for a taxonomy (a folder or a git URL), its base
/// ref, a student and an output id, and answers with the cycle's id (as <c>lab cycle run</c> does; follow it with
/// <c>lab cycle show ID --watch</c>). Empty student and output id take the suite's settings (the downloaded student, published as its id with -lab).
/// </summary>
internal static class CycleCommand
{
    public const string Name = "start-cycle";

    public static IResourceBuilder<ProjectResource> WithStartCycleCommand(this IResourceBuilder<ProjectResource> training, IResourceBuilder<ParameterResource> suiteApiKey) =>
        training.WithCommand(Name, "Start a LAB cycle…", context => StartAsync(training.Resource, suiteApiKey.Resource, context), new CommandOptions
        {
            Description = "Start a LAB cycle: generate data for a taxonomy's changed leaves, train the student on it, evaluate and publish it",
            IconName = "ArrowSync",
            IsHighlighted = true,
            Arguments =
            [
                .. TaxonomyInput.Inputs("The git ref the changed leaves are found against; \"empty\" for every leaf"),
                new InteractionInput
                {
                    Name = "student", Label = "Student", InputType = InputType.Text,
                    Placeholder = "the suite's student (Models:Student)",
                    Description = "A model id (published, or a GGUF of the model folder), artifact:KEY, a path or a URL; empty: the suite's student, by default the downloaded one",
                },
                new InteractionInput
                {
                    Name = "output", Label = "Output model id", InputType = InputType.Text,
                    Placeholder = "the student's id (+ -lab)", Description = "The id serving answers to with the trained model",
                },
            ],
        });

    private static async Task<ExecuteCommandResult> StartAsync(ProjectResource training, ParameterResource suiteApiKey, ExecuteCommandContext context)
    {
        var arguments = context.Arguments;
        var taxonomy = arguments.GetString("taxonomy") ?? "";
        if (TaxonomyInput.Problem(taxonomy) is { } problem)
        {
            return CommandResults.Failure(problem);
        }
        var request = new RunCycleRequest
        {
            Taxonomy = TaxonomyInput.Source(taxonomy),
            Base = Trimmed(arguments.GetString("base")),
            Student = Trimmed(arguments.GetString("student")),
            OutputModelId = Trimmed(arguments.GetString("output")),
            Name = TaxonomyInput.JobName(taxonomy),
        };
        using var channel = await SuiteChannels.ForAsync(training, suiteApiKey, context.CancellationToken);
        if (channel is null)
        {
            return SuiteChannels.NotRunning(training);
        }
        try
        {
            var cycle = await new CycleService.CycleServiceClient(channel).RunAsync(request, cancellationToken: context.CancellationToken);
            return CommandResults.Success($"Cycle {cycle.Id} started: {cycle.Taxonomy} → {cycle.OutputModelId}. Follow it with: lab cycle show {cycle.Id} --watch");
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            // The service's reason names what to fix (a field, a model no endpoint lists, a service not reachable).
            return CommandResults.Failure($"The cycle did not start: {e.Status.Detail}");
        }
    }

    private static string Trimmed(string? value) => value?.Trim() ?? "";
}
