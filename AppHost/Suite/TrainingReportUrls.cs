using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// Each completed training job's report as a link on the <c>training</c> resource in the dashboard (its URLs, newest
/// first): the worker logs the report's signed link when it publishes the model, and this reads training's console log
/// for it — no polling of the service, so nothing here adds a trace.
/// </summary>
internal sealed partial class TrainingReportUrls(IResource training, ResourceLoggerService logs, ResourceNotificationService notifications) : BackgroundService
{
    /// <summary>The newest reports the resource lists.</summary>
    private const int Kept = 5;

    private readonly List<UrlSnapshot> reports = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(training).WithCancellation(stoppingToken))
            {
                var found = batch.Select(line => PublishedLine().Match(line.Content)).Where(m => m.Success).ToList();
                if (found.Count == 0)
                {
                    continue;
                }
                foreach (var match in found)
                {
                    reports.RemoveAll(r => r.Url == match.Groups["url"].Value);
                    reports.Insert(0, new UrlSnapshot(Name: null, match.Groups["url"].Value, IsInternal: false)
                    {
                        DisplayProperties = new UrlDisplayPropertiesSnapshot($"Report: {match.Groups["model"].Value} v{match.Groups["version"].Value}"),
                    });
                }
                reports.RemoveRange(Math.Min(Kept, reports.Count), Math.Max(0, reports.Count - Kept));
                await notifications.PublishUpdateAsync(training, state => state with
                {
                    Urls = [.. state.Urls.Where(u => !IsReport(u)), .. reports.Select((r, i) => r with { DisplayProperties = r.DisplayProperties with { SortOrder = -1 - i } })],
                });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost stops.
        }
    }

    private static bool IsReport(UrlSnapshot url) => url.Name is null && url.Url.Contains("/report?expires=", StringComparison.Ordinal);

    /// <summary>ModelPublisher's line: "Training job ID published MODEL version N; training report: URL".</summary>
    [GeneratedRegex(@"published (?<model>\S+) version (?<version>\d+); training report: (?<url>https?://[^\s""]+)")]
    private static partial Regex PublishedLine();
}
