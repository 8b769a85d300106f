using InstructLab.Aspire.Hosting.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Hosting.StartupChecks;

/// <summary>
/// Runs every <see cref="IStartupCheck"/> and every <see cref="IConnectionProbe"/> in parallel when the host starts.
/// Registered before the message bus, so a failure stops the process before anything else starts; the exception
/// lists every failed check.
/// </summary>
internal sealed partial class StartupCheckRunner(
    IEnumerable<IStartupCheck> checks, IEnumerable<IConnectionProbe> probes, IOptions<StartupCheckOptions> options,
    ILogger<StartupCheckRunner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var all = checks.Concat(probes.Select(probe => new ProbeStartupCheck(probe)));
        var results = await Task.WhenAll(all.Select(check => RunAsync(check, cancellationToken)));
        var failures = results.OfType<string>().ToList();
        if (failures.Count > 0)
        {
            throw new StartupCheckException(
                $"{failures.Count} start-up check(s) failed:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", failures));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>null when the check passed, else the failure line.</returns>
    private async Task<string?> RunAsync(IStartupCheck check, CancellationToken cancellationToken)
    {
        var timeout = options.Value.Timeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var found = await check.RunAsync(deadline.Token).WaitAsync(timeout, cancellationToken);
            LogPassed(check.Resource, found);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e is TimeoutException or OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : e.Message;
            var failure = $"'{check.Resource}' (setting {check.Setting}): {reason}";
            LogFailed(check.Resource, check.Setting, reason);
            return failure;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up check of {Resource} passed: {Found}")]
    private partial void LogPassed(string resource, string found);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Start-up check of {Resource} failed (setting {Setting}): {Reason}")]
    private partial void LogFailed(string resource, string setting, string reason);
}
