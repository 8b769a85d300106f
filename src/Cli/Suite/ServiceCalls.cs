using Grpc.Core;

namespace InstructLab.Aspire.Cli.Suite;

/// <summary>A refused or failed call to a service of the suite as one line: the service's own message, naming the service when it cannot be reached.</summary>
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
            throw new LabException(e.StatusCode is StatusCode.Unavailable ? $"{service} cannot be reached or failed: {e.Status.Detail}" : e.Status.Detail,
                exitCode?.Invoke(e.StatusCode) ?? ExitCodes.Usage);
        }
    }
}
