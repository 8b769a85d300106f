using System.CommandLine;
using Grpc.Core;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Evaluations.Reports;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model evaluate</c>: runs a benchmark as an evaluation of the judging service, shows a progress bar with the
/// running score until it ends, then the result table. Exit 0 done, 1 done with an error rate above
/// <c>--max-error-rate</c> (or failed, cancelled), 2 usage or input error. <c>list</c> and <c>show</c> read earlier runs.
/// </summary>
internal static class ModelEvaluateCommand
{
    private static readonly Option<bool> Detach = new("--detach") { Description = "Print the evaluation's id and return; see it later with lab model evaluate show." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the report's JSON when it ends (with --detach: the evaluation's, at once)." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("evaluate", "Evaluate a model: MMLU and multiple-choice files by log-likelihood, MT-Bench and DK-Bench by a judge, branch benchmarks against a base model.");
        ModelEvaluateOptions.AddTo(command);
        command.Options.Add(Detach);
        command.Options.Add(Json);
        command.Subcommands.Add(ListCommand(console));
        command.Subcommands.Add(ShowCommand(console));
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var request = ModelEvaluateOptions.Request(parseResult);
            using var suite = Client(parseResult);
            var evaluation = await Call(() => suite.Evaluation.RunAsync(request, cancellationToken: cancellationToken).ResponseAsync);
            var json = parseResult.GetValue(Json);
            if (parseResult.GetValue(Detach))
            {
                console.Profile.Out.Writer.WriteLine(json ? ProtoJson.Formatter.Format(evaluation) : evaluation.Id);
                return ExitCodes.Ok;
            }
            evaluation = json || !console.Profile.Capabilities.Interactive
                ? await WatchQuietlyAsync(console, suite, evaluation.Id, printLines: !json, cancellationToken)
                : await WatchWithBarAsync(console, suite, evaluation, cancellationToken);
            return await FinishAsync(console, suite, evaluation, json, parseResult.GetValue(ModelEvaluateOptions.MaxErrorRate), cancellationToken);
        }));
        return command;
    }

    /// <summary>Prints the result (or the report's JSON) and decides the exit code.</summary>
    internal static async Task<int> FinishAsync(IAnsiConsole console, SuiteClient suite, Evaluation evaluation, bool json, double maxErrorRate, CancellationToken cancellationToken)
    {
        var report = evaluation.State == EvaluationState.Completed
            ? await Call(() => suite.Evaluation.GetReportAsync(new GetEvaluationRequest { Id = evaluation.Id }, cancellationToken: cancellationToken).ResponseAsync)
            : null;
        if (json)
        {
            console.Profile.Out.Writer.WriteLine(report?.Json ?? ProtoJson.Formatter.Format(evaluation));
        }
        else
        {
            EvaluationPrinter.Print(console, evaluation, report);
        }
        if (evaluation.State != EvaluationState.Completed)
        {
            return ExitCodes.Failed;
        }
        if (evaluation.ErrorRate > maxErrorRate)
        {
            console.MarkupLine(Markup.Escape($"error rate {Figures.Percent(evaluation.ErrorRate)} is above --max-error-rate {Figures.Percent(maxErrorRate)}: {evaluation.Errors} scorings or ratings could not be made or read (see the worst items)"));
            return ExitCodes.Failed;
        }
        return ExitCodes.Ok;
    }

    private static Command ListCommand(IAnsiConsole console)
    {
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print JSON for scripts." };
        var command = new Command("list", "Evaluations of the suite, newest first.") { limit, json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = Client(parseResult);
            var response = await Call(() => suite.Evaluation.ListAsync(new ListEvaluationsRequest { Limit = parseResult.GetValue(limit) }, cancellationToken: cancellationToken).ResponseAsync);
            if (parseResult.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(response));
            }
            else
            {
                EvaluationPrinter.List(console, response.Evaluations);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ShowCommand(IAnsiConsole console)
    {
        var id = new Argument<string>("id") { Description = "The evaluation's id (lab model evaluate list shows them)." };
        var json = new Option<bool>("--json") { Description = "Print the report's JSON (or the evaluation's, before it has completed)." };
        var export = new Option<string?>("--export-items")
        {
            Description = "Write the evaluation's items as JSON lines to this file (prompts, continuations, answers, and each item's result), to compare item by item with another harness.",
        };
        var command = new Command("show", "An evaluation's progress and, once completed, its report.") { id, json, export };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            using var suite = Client(parseResult);
            var evaluation = await Call(() => suite.Evaluation.GetAsync(new GetEvaluationRequest { Id = parseResult.GetRequiredValue(id) }, cancellationToken: cancellationToken).ResponseAsync);
            var report = evaluation.State == EvaluationState.Completed
                ? await Call(() => suite.Evaluation.GetReportAsync(new GetEvaluationRequest { Id = evaluation.Id }, cancellationToken: cancellationToken).ResponseAsync)
                : null;
            if (parseResult.GetValue(export) is { } file)
            {
                var written = await ExportAsync(suite, evaluation.Id, file, cancellationToken);
                console.MarkupLine(Markup.Escape($"{written} items written to {file}"));
                return ExitCodes.Ok;
            }
            if (parseResult.GetValue(json))
            {
                console.Profile.Out.Writer.WriteLine(report?.Json ?? ProtoJson.Formatter.Format(evaluation));
            }
            else
            {
                EvaluationPrinter.Print(console, evaluation, report);
            }
            return evaluation.State is EvaluationState.Failed or EvaluationState.Cancelled ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Each item as one JSON line: the item's fields, and its result under "result" once done.</summary>
    private static async Task<int> ExportAsync(SuiteClient suite, string id, string file, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            await using var writer = new StreamWriter(file, append: false, new System.Text.UTF8Encoding(false));
            using var call = suite.Evaluation.ExportItems(new GetEvaluationRequest { Id = id }, cancellationToken: cancellationToken);
            var stream = call.ResponseStream;
            while (await Call(() => stream.MoveNext(cancellationToken)))
            {
                var line = System.Text.Json.Nodes.JsonNode.Parse(stream.Current.ItemJson)!.AsObject();
                if (stream.Current.ResultJson is { Length: > 0 } result)
                {
                    line["result"] = System.Text.Json.Nodes.JsonNode.Parse(result);
                }
                await writer.WriteLineAsync(line.ToJsonString());
                count++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabException($"--export-items {file}: {e.Message}", ExitCodes.Usage);
        }
        return count;
    }

    private static SuiteClient Client(ParseResult parseResult) =>
        new(SuiteLocator.FromProcessEnvironment().Locate([Contracts.ResourceNames.Judging],
            parseResult.GetValue(GlobalOptions.Endpoints), parseResult.GetValue(GlobalOptions.EndpointsFile)));

    /// <summary>One bar: items done of all, with the running score and the errors so far.</summary>
    private static async Task<Evaluation> WatchWithBarAsync(IAnsiConsole console, SuiteClient suite, Evaluation evaluation, CancellationToken cancellationToken)
    {
        var last = evaluation;
        await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask(Markup.Escape(evaluation.Name), maxValue: Math.Max(1, evaluation.ItemsTotal));
                await foreach (var seen in WatchAsync(suite, evaluation.Id, cancellationToken))
                {
                    last = seen;
                    bar.Value = seen.ItemsDone;
                    bar.Description = $"{Markup.Escape(seen.Name)} [grey]{Markup.Escape(EvaluationPrinter.Score(seen.Metric, seen.Score))}, {seen.Errors} errors, {seen.State.ToString().ToLowerInvariant()}[/]";
                }
                bar.Value = bar.MaxValue;
            });
        return last;
    }

    /// <summary>For scripts and logs: one line each time the items done or the state change.</summary>
    private static async Task<Evaluation> WatchQuietlyAsync(IAnsiConsole console, SuiteClient suite, string id, bool printLines, CancellationToken cancellationToken)
    {
        Evaluation? last = null;
        await foreach (var seen in WatchAsync(suite, id, cancellationToken))
        {
            if (printLines && (last is null || last.ItemsDone != seen.ItemsDone || last.State != seen.State))
            {
                console.MarkupLine(Markup.Escape($"{seen.State.ToString().ToLowerInvariant()}: {seen.ItemsDone}/{seen.ItemsTotal} items, {EvaluationPrinter.Score(seen.Metric, seen.Score)}, {seen.Errors} errors"));
            }
            last = seen;
        }
        return last ?? throw new LabException($"the judging service sent nothing about evaluation {id}", ExitCodes.Failed);
    }

    private static async IAsyncEnumerable<Evaluation> WatchAsync(SuiteClient suite, string id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = suite.Evaluation.Watch(new GetEvaluationRequest { Id = id }, cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        while (await Call(() => stream.MoveNext(cancellationToken)))
        {
            yield return stream.Current;
        }
    }

    /// <summary>A refused or failed call as one line: the service's own message; input errors exit 2.</summary>
    private static Task<T> Call<T>(Func<Task<T>> call) => ServiceCalls.RunAsync("the judging service, or an endpoint it called,", call, status =>
        status is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.Unavailable ? ExitCodes.Usage : ExitCodes.Failed);
}
