using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Hub;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model download [REPO|URL] [--file F] [--revision R] [--model-dir D]</c>: a GGUF from a Hugging Face repository
/// (or a mirror, <c>HF_ENDPOINT</c>; gated ones with <c>HF_TOKEN</c>) or a plain URL, resumable and checked; with no
/// argument the suite's default teacher and student, as <c>ilab model download</c> fetches its defaults.
/// </summary>
internal static class ModelDownloadCommand
{
    private static readonly Argument<string?> Repository = new("repository")
    {
        Description = "A Hugging Face repository (owner/name) or an http(s) URL of a GGUF file; none: the suite's default teacher and student.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string?> File = new("--file", "-f") { Description = "The file in the repository (default: its GGUF of a preferred quantization, Q4_K_M first)." };

    private static readonly Option<string> Revision = new("--revision") { Description = "Branch, tag or commit of the repository.", DefaultValueFactory = _ => "main" };

    private static readonly Option<string?> ModelDir = new("--model-dir") { Description = $"Where models go (default: the suite's model folder, {SuiteModels.DefaultDirectory})." };

    private static readonly Option<string?> Sha256 = new("--sha256") { Description = "The file's SHA-256, when the server does not give it (plain URLs)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("download", "Download GGUF models from Hugging Face or a URL (resumable, checked); with no argument the suite's defaults.");
        command.Arguments.Add(Repository);
        foreach (var option in new Option[] { File, Revision, ModelDir, Sha256, Json })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var folder = Path.GetFullPath(parseResult.GetValue(ModelDir) ?? SuiteModels.DefaultDirectory);
            var sha = parseResult.GetValue(Sha256)?.ToLowerInvariant();
            if (sha is not null && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                throw new LabException("--sha256 must be 64 hexadecimal digits");
            }
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            try
            {
                var hub = new HubClient(http, HubSettings.FromEnvironment());
                var files = await PlanAsync(hub, parseResult.GetValue(Repository), parseResult.GetValue(File), parseResult.GetRequiredValue(Revision), sha, cancellationToken);
                var done = await DownloadAsync(console, hub, files, folder, quiet: parseResult.GetValue(Json), cancellationToken);
                Report(console, done, folder, parseResult.GetValue(Json));
                return ExitCodes.Ok;
            }
            catch (HubException e)
            {
                throw new LabException(e.Message);
            }
            catch (HttpRequestException e)
            {
                throw new LabException($"the download failed after its retries: {e.Message}. Run the command again: it goes on from the bytes it has");
            }
        }));
        return command;
    }

    /// <summary>What to fetch: the defaults, a repository's file (named or chosen), or a URL.</summary>
    private static async Task<IReadOnlyList<(string Role, RemoteFile File)>> PlanAsync(HubClient hub, string? repository, string? file, string revision, string? sha,
        CancellationToken cancellationToken)
    {
        if (repository is null)
        {
            if (file is not null)
            {
                throw new LabException("--file needs a repository");
            }
            var defaults = new List<(string, RemoteFile)>();
            foreach (var model in DefaultModels.All)
            {
                defaults.Add((model.Role, await DefaultModels.ResolveAsync(hub, model, revision, cancellationToken)));
            }
            return defaults;
        }
        if (Uri.TryCreate(repository, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return [("", await hub.ResolveUrlAsync(url, sha, cancellationToken))];
        }
        if (repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }] || repository.Contains(".."))
        {
            throw new LabException($"'{repository}' is neither a repository (owner/name) nor an http(s) URL");
        }
        var name = file ?? GgufChoice.Pick(repository, await hub.ListFilesAsync(repository, revision, cancellationToken));
        var resolved = await hub.ResolveAsync(repository, name, revision, cancellationToken);
        return [("", sha is null ? resolved : resolved with { Sha256 = sha })];
    }

    private static async Task<IReadOnlyList<(string Role, RemoteFile File, DownloadedFile Result)>> DownloadAsync(IAnsiConsole console, HubClient hub,
        IReadOnlyList<(string Role, RemoteFile File)> files, string folder, bool quiet, CancellationToken cancellationToken)
    {
        var download = new ResumableDownload(hub);
        var results = new List<(string, RemoteFile, DownloadedFile)>();
        if (quiet)
        {
            foreach (var (role, file) in files)
            {
                results.Add((role, file, await download.DownloadAsync(file, folder, null, cancellationToken)));
            }
            return results;
        }
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                foreach (var (role, file) in files)
                {
                    var task = context.AddTask(Markup.Escape((role.Length > 0 ? $"{role}: " : "") + file.Name), maxValue: file.Size ?? 1);
                    task.IsIndeterminate = file.Size is null;
                    var progress = new Progress<long>(bytes => task.Value = file.Size is null ? 0 : bytes);
                    results.Add((role, file, await download.DownloadAsync(file, folder, progress, cancellationToken)));
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
        return results;
    }

    private static void Report(IAnsiConsole console, IReadOnlyList<(string Role, RemoteFile File, DownloadedFile Result)> done, string folder, bool json)
    {
        if (json)
        {
            var models = new JsonArray([.. done.Select(d => (JsonNode)new JsonObject
            {
                ["role"] = d.Role.Length > 0 ? d.Role : null,
                ["source"] = d.File.Source,
                ["path"] = d.Result.Path,
                ["bytes"] = new FileInfo(d.Result.Path).Length,
                ["sha256"] = d.Result.Sha256,
                ["downloaded"] = d.Result.Downloaded,
            })]);
            console.Profile.Out.Writer.WriteLine(new JsonObject { ["folder"] = folder, ["models"] = models }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        foreach (var (role, file, result) in done)
        {
            var what = result.Downloaded ? "downloaded" : "already here";
            console.MarkupLine(Markup.Escape($"{(role.Length > 0 ? $"{role}: " : "")}{file.Source}: {what}, {new FileInfo(result.Path).Length:N0} bytes, SHA-256 {result.Sha256}"));
            console.MarkupLine(Markup.Escape($"  {result.Path}"));
        }
    }
}
