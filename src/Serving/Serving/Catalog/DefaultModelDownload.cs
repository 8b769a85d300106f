using System.Diagnostics;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>
/// A suite started with no model at all fetches the defaults (<see cref="DefaultModels"/>: teacher and judge, student)
/// into the model folder in the background, as <c>lab model download</c> would; <see cref="ModelFolder"/> serves each
/// as its download completes. Every state is a log line starting "Default models:" — progress, done, or why not and the
/// exact command to run — which the AppHost shows on serving's resource.
/// </summary>
internal sealed partial class DefaultModelDownload(ModelCatalog catalog, ServingOptions options, ILogger<DefaultModelDownload> logger) : BackgroundService
{
    /// <summary>What every state line starts with.</summary>
    public const string LogPrefix = "Default models:";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.ServeModelFolder)
        {
            return;
        }
        await Task.Yield();
        var folder = options.ResolveModelCacheDirectory();
        if (catalog.List().Count > 0)
        {
            return;
        }
        if (!options.DownloadDefaultModels)
        {
            LogState($"none (Serving:DownloadDefaultModels is off); run `lab model download` to put the defaults into {folder}, or configure Serving:Models");
            return;
        }
        using var http = new HttpClient(OutboundUrls.Guarded(new SocketsHttpHandler { AllowAutoRedirect = false })) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            var hub = new HubClient(http, HubSettings.FromEnvironment());
            var download = new ResumableDownload(hub);
            foreach (var model in DefaultModels.All)
            {
                var file = await DefaultModels.ResolveAsync(hub, model, "main", stoppingToken);
                var progress = new ProgressLog(this, model.Role, file);
                await download.DownloadAsync(file, folder, progress, stoppingToken);
                LogState($"{model.Role} {file.Source} ready in {folder}");
            }
            LogState("every default model is ready");
        }
        catch (Exception e) when (e is HubException or HttpRequestException or IOException)
        {
            LogFailed($"none: downloading them failed ({e.Message}). On a machine with internet run `lab model download` "
                + $"and copy the files into {folder} as {string.Join(" and ", DefaultModels.All.Select(m => m.FileName))} (serving picks them up at once), "
                + "set HF_ENDPOINT to a mirror, or configure Serving:Models");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = LogPrefix + " {State}")]
    private partial void LogState(string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = LogPrefix + " {State}")]
    private partial void LogFailed(string state);

    /// <summary>A line at most every ten seconds (and at every tenth): how far, how fast, how long still.</summary>
    private sealed class ProgressLog(DefaultModelDownload owner, string role, RemoteFile file) : IProgress<long>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long first = -1;
        private int lastTenth = -1;
        private TimeSpan lastLine = TimeSpan.MinValue;

        public void Report(long value)
        {
            if (first < 0)
            {
                first = value;
            }
            var size = file.Size ?? 0;
            var tenth = size > 0 ? (int)(value * 10 / size) : 0;
            if (tenth == lastTenth && clock.Elapsed - lastLine < TimeSpan.FromSeconds(10))
            {
                return;
            }
            (lastTenth, lastLine) = (tenth, clock.Elapsed);
            var rate = (value - first) / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            var left = size > 0 && rate > 0 ? $", about {TimeSpan.FromSeconds((size - value) / rate):hh\\:mm\\:ss} left" : "";
            var percent = size > 0 ? $"{value * 100.0 / size:0}% of {size / 1e6:N0} MB" : $"{value / 1e6:N0} MB";
            owner.LogState($"downloading the {role} {file.Name}: {percent}, {rate / 1e6:0.0} MB/s{left}");
        }
    }
}
