namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>An attempt at a batch was stopped at its time limit.</summary>
public sealed class BatchTimeoutException(TimeSpan limit, Exception inner)
    : TimeoutException($"the attempt ran past its time limit of {Describe(limit)} (Generation:Workers:MaxBatchTime, or the job's max_batch_seconds when shorter)", inner)
{
    public TimeSpan Limit { get; } = limit;

    private static string Describe(TimeSpan limit) =>
        limit < TimeSpan.FromMinutes(2) ? $"{limit.TotalSeconds:0.#} s" : limit < TimeSpan.FromHours(2) ? $"{limit.TotalMinutes:0.#} min" : $"{limit.TotalHours:0.#} h";
}
