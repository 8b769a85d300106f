namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// Whether an endpoint enforces JSON schemas, asked when first needed: a yes is kept; a no is asked again
/// <c>retryAfter</c> after it came (the endpoint may have been loading a model, or be upgraded); a probe that failed (no
/// answer, a 5xx) is not remembered at all, so one bad moment never poisons an endpoint for the life of the process.
/// </summary>
internal sealed class StructuredOutputProbe(Func<Task<bool>> probe, TimeSpan retryAfter, TimeProvider clock)
{
    private readonly Lock gate = new();
    private Task<bool>? current;
    private long answeredAt;

    public Task<bool> GetAsync()
    {
        lock (gate)
        {
            if (current is null || current.IsFaulted || current.IsCanceled
                || (current.IsCompletedSuccessfully && !current.Result && clock.GetElapsedTime(Volatile.Read(ref answeredAt)) >= retryAfter))
            {
                current = AskAsync();
            }
            return current;
        }
    }

    private async Task<bool> AskAsync()
    {
        var answer = await probe();
        Volatile.Write(ref answeredAt, clock.GetTimestamp());
        return answer;
    }
}
