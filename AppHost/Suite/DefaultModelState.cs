using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// Where serving stands with the suite's default models, as a property of the <c>serving</c> resource in the dashboard
/// ("Default models": downloading the teacher …: 35% of 491 MB …, ready, or none and the command to run): serving logs
/// each state as a line starting "Default models:"; this reads serving's console log for it (no polling, no traces).
/// </summary>
internal sealed partial class DefaultModelState(IResource serving, ResourceLoggerService logs, ResourceNotificationService notifications) : BackgroundService
{
    public const string PropertyName = "Default models";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(serving).WithCancellation(stoppingToken))
            {
                if (batch.Select(line => StateLine().Match(line.Content)).LastOrDefault(m => m.Success) is not { } last)
                {
                    continue;
                }
                var value = last.Groups["state"].Value.Trim();
                await notifications.PublishUpdateAsync(serving, state => state with
                {
                    Properties = [.. state.Properties.Where(p => p.Name != PropertyName), new ResourcePropertySnapshot(PropertyName, value)],
                });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost stops.
        }
    }

    /// <summary>Serving's DefaultModelDownload line: "Default models: STATE".</summary>
    [GeneratedRegex(@"Default models: (?<state>.+)$")]
    private static partial Regex StateLine();
}
