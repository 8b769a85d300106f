using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.Suite;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab system info</c>: asks every service for its GetInfo and prints one row per service. Exit code 0 when all
/// answer with healthy connections, 1 when one does not, 2 when the suite cannot be found.
/// </summary>
internal static class SystemInfoCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts instead of a table." };

    private static readonly Option<int> TimeoutSeconds = new("--timeout")
    {
        Description = "Seconds to wait for each service.",
        DefaultValueFactory = _ => 10,
    };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("info", "Version, connections and peers of every service of the running suite.");
        command.Options.Add(Json);
        command.Options.Add(TimeoutSeconds);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var timeout = TimeSpan.FromSeconds(parseResult.GetValue(TimeoutSeconds) is > 0 and var seconds
                ? seconds
                : throw new LabException("--timeout must be a positive number of seconds."));
            var addresses = SuiteLocator.FromProcessEnvironment().Locate(ResourceNames.Services,
                parseResult.GetValue(GlobalOptions.Endpoints), parseResult.GetValue(GlobalOptions.EndpointsFile));
            using var client = new SuiteClient(addresses);
            var answers = await Task.WhenAll(ResourceNames.Services.Select(service => AskAsync(client, service, timeout, cancellationToken)));
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(ToJson(answers));
            }
            else
            {
                Print(console, answers);
            }
            return answers.All(answer => answer.Info?.Connections.All(c => c.Healthy) == true) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private sealed record Answer(string Service, ServiceAddress Address, ServiceInfo? Info, string? Error);

    private static async Task<Answer> AskAsync(SuiteClient client, string service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var address = client.Addresses[service];
        try
        {
            return new Answer(service, address, await client.GetInfoAsync(service, timeout, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Answer(service, address, null, SuiteClient.Describe(e));
        }
    }

    private static string ToJson(IEnumerable<Answer> answers)
    {
        var services = new JsonArray();
        foreach (var answer in answers)
        {
            var node = answer.Info is null
                ? new JsonObject { ["service"] = answer.Service, ["error"] = answer.Error }
                : JsonNode.Parse(ProtoJson.Formatter.Format(answer.Info))!.AsObject();
            node["url"] = answer.Address.Url.ToString();
            services.Add(node);
        }
        return new JsonObject { ["services"] = services }.ToJsonString(new() { WriteIndented = true });
    }

    private static void Print(IAnsiConsole console, IReadOnlyList<Answer> answers)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("service", "version", "instance", "up", ResourceNames.Cache, ResourceNames.Messaging, ResourceNames.Artifacts, "peers");
        foreach (var answer in answers)
        {
            if (answer.Info is { } info)
            {
                table.AddRow(
                    Markup.Escape(info.Service),
                    Markup.Escape(info.Version),
                    Markup.Escape(info.InstanceId[..8]),
                    Uptime(info),
                    Connection(info, ResourceNames.Cache),
                    Connection(info, ResourceNames.Messaging),
                    Connection(info, ResourceNames.Artifacts),
                    info.Peers.Count.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                table.AddRow(Markup.Escape(answer.Service), "[red]unreachable[/]");
            }
        }
        console.Write(table);
        // Long facts go below the table, where they cannot squeeze the columns.
        foreach (var answer in answers)
        {
            if (answer.Info is null)
            {
                console.MarkupLine($"[red]{Markup.Escape(answer.Service)}[/] at {Markup.Escape(answer.Address.Url.ToString())} ({Markup.Escape(answer.Address.Source)}): {Markup.Escape(answer.Error ?? "")}");
                continue;
            }
            foreach (var connection in answer.Info.Connections.Where(c => !c.Healthy))
            {
                console.MarkupLine($"[red]{Markup.Escape(answer.Service)}[/] → {Markup.Escape(connection.Resource)} ({Markup.Escape(connection.Endpoint)}): {Markup.Escape(connection.Detail)}");
            }
            foreach (var (key, value) in answer.Info.Details)
            {
                console.MarkupLine($"[bold]{Markup.Escape(answer.Service)}[/] {Markup.Escape(key)}: {Markup.Escape(value)}");
            }
        }
    }

    private static string Uptime(ServiceInfo info)
    {
        var up = DateTimeOffset.UtcNow - info.StartedAt.ToDateTimeOffset();
        return up.TotalHours >= 1 ? $"{(int)up.TotalHours}h{up.Minutes:00}m" : up.TotalMinutes >= 1 ? $"{up.Minutes}m{up.Seconds:00}s" : $"{up.Seconds}s";
    }

    private static string Connection(ServiceInfo info, string resource)
    {
        var connection = info.Connections.FirstOrDefault(c => c.Resource == resource);
        return connection switch
        {
            null => "[grey]-[/]",
            { Healthy: true } => $"[green]ok[/] {connection.LatencyMs:0} ms",
            _ => "[red]failing[/]",
        };
    }
}
