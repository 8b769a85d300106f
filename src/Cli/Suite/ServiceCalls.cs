using Grpc.Core;
using InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Cli.Suite;

/// <summary>
/// A refused or failed call to a service of the suite as the service's own message, naming the service when it cannot
/// be reached, followed by the details it sent (every finding of invalid taxonomy files, as lab taxonomy validate prints them).
/// </summary>
internal static class ServiceCalls
{
    /// <param name="service">How the message names the service, e.g. "the training service".</param>
    /// <param name="exitCode">The exit code for a refusal; Unavailable and the input errors of the evaluation API exit 2 unless given otherwise.</param>
    public static async Task<T> RunAsync<T>(string service, Func<Task<T>> call, Func<StatusCode, int>? exitCode = null)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            var message = e.StatusCode is StatusCode.Unavailable ? $"{service} cannot be reached or failed: {e.Status.Detail}" : e.Status.Detail;
            throw new LabException(string.Join('\n', Details(e).Prepend(message)), exitCode?.Invoke(e.StatusCode) ?? ExitCodes.Usage);
        }
    }

    /// <summary>The lines of the details a service sent with its error: a taxonomy's findings, errors first.</summary>
    private static IEnumerable<string> Details(RpcException error)
    {
        if (error.GetRpcStatus()?.GetDetail<ValidateResponse>() is not { } report)
        {
            return [];
        }
        return report.Files.SelectMany(file => file.Diagnostics)
            .OrderBy(d => d.Severity == Severity.Error ? 0 : 1)
            .Select(d => $"  {d.File}:{d.Line}:{d.Column}: {(d.Severity == Severity.Error ? "error" : "warning")}: {(d.Field.Length > 0 ? d.Field + ": " : "")}{d.Message}");
    }
}
