using System.CommandLine;
using InstructLab.Aspire.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model serve --model PATH</c>: an OpenAI-compatible server for local GGUF files, alone (no Redis, RabbitMQ or
/// S3), like <c>llama-server</c> or <c>ilab model serve</c>. Runs until Ctrl+C.
/// </summary>
internal static class ModelServeCommand
{
    private static readonly Option<string[]> Models = new("--model", "-m")
    {
        Description = "A GGUF file to serve, as PATH (id: the file name without .gguf) or ID=PATH; repeat for several",
        Required = true,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string> Host = new("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };

    private static readonly Option<int> Port = new("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8000 };

    private static readonly Option<string?> ApiKey = new("--api-key") { Description = "Require this Bearer key [env: LAB_API_KEY]; default: no key" };

    private static readonly Option<int> ContextSize = new("--ctx-size", "-c") { Description = "KV cache cells shared by all sequences", DefaultValueFactory = _ => 8192 };

    private static readonly Option<int> Parallel = new("--parallel", "-np") { Description = "Sequences decoded together", DefaultValueFactory = _ => 16 };

    private static readonly Option<string?> ChatTemplate = new("--chat-template") { Description = "A Jinja template or llama.cpp built-in name instead of the GGUF's own" };

    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Log requests and llama.cpp's messages" };

    private static readonly Option<bool> Insecure = new("--insecure") { Description = "Listen on a non-loopback address without an API key (anyone who reaches the port may use the models)" };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("serve", "Serve GGUF models over the OpenAI API on this machine, without the rest of the suite.");
        foreach (var option in new Option[] { Models, Host, Port, ApiKey, ContextSize, Parallel, ChatTemplate, Verbose, Insecure })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var options = Options(parseResult);
            var app = StandaloneServer.Build(options, parseResult.GetValue(Host)!, parseResult.GetValue(Port), logging =>
            {
                logging.AddSimpleConsole(o => o.SingleLine = true);
                var verbose = parseResult.GetValue(Verbose);
                logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
                // llama.cpp warns about things users cannot change (special token ids of the GGUF, context > trained).
                logging.AddFilter("LlamaCpp", verbose ? LogLevel.Debug : LogLevel.Error);
                logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", verbose ? LogLevel.Debug : LogLevel.Critical);
            });
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e)
            {
                throw new LabException($"cannot listen on {parseResult.GetValue(Host)}:{parseResult.GetValue(Port)}: {e.Message}");
            }
            var address = StandaloneServer.Address(app);
            console.MarkupLine($"Serving [bold]{Markup.Escape(string.Join(", ", options.Models.Keys))}[/] at [link]{address}v1[/]{(options.ApiKeys.Count > 0 ? " (API key required)" : "")}. Ctrl+C stops.");
            await app.WaitForShutdownAsync(cancellationToken);
            await app.DisposeAsync();
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1; any other name or address (0.0.0.0, a LAN address) can be reached from elsewhere.</summary>
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    private static ServingOptions Options(ParseResult parseResult)
    {
        var options = new ServingOptions
        {
            ContextSize = parseResult.GetValue(ContextSize),
            MaxSequences = parseResult.GetValue(Parallel),
        };
        if ((parseResult.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("LAB_API_KEY")) is { Length: > 0 } key)
        {
            options.ApiKeys.Add(key);
        }
        else if (!IsLoopback(parseResult.GetValue(Host)!) && !parseResult.GetValue(Insecure))
        {
            throw new LabException($"--host {parseResult.GetValue(Host)} is reachable from other machines and no --api-key (or LAB_API_KEY) is set; give a key, or --insecure to serve without one.");
        }
        if (options.ContextSize < 16 || options.MaxSequences is < 1 or > 256)
        {
            throw new LabException("--ctx-size must be at least 16 and --parallel from 1 to 256.");
        }
        foreach (var value in parseResult.GetValue(Models)!)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            var path = separator > 0 ? value[(separator + 1)..] : value;
            var id = separator > 0 ? value[..separator] : Path.GetFileNameWithoutExtension(path);
            if (!File.Exists(path))
            {
                throw new LabException($"--model {value}: the file {path} does not exist.");
            }
            if (!options.Models.TryAdd(id, new ServedModelOptions { Path = Path.GetFullPath(path), ChatTemplate = parseResult.GetValue(ChatTemplate), Preload = true }))
            {
                throw new LabException($"--model {value}: the id '{id}' is given twice; name them ID=PATH.");
            }
        }
        return options;
    }
}
