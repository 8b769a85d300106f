using Grpc.Core;

namespace InstructLab.Aspire.Hosting.Grpc;

/// <summary>
/// A job's Watch call: the job as it is, then again each time it changes, until it has ended or the caller goes away.
/// Job states live in Redis; they are read every quarter second.
/// </summary>
public static class StateWatch
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <param name="poll">Reads the job: its view, what tells one state from the next (its version, or the view itself), whether it has ended.</param>
    public static async Task StreamAsync<TView>(Func<Task<(TView View, object Change, bool Ended)>> poll, IServerStreamWriter<TView> stream,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        object? sent = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (view, change, ended) = await poll();
            if (!change.Equals(sent))
            {
                await stream.WriteAsync(view, cancellationToken);
                sent = change;
            }
            if (ended)
            {
                return;
            }
            await Task.Delay(Interval, clock, cancellationToken);
        }
    }
}
