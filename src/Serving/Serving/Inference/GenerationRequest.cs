using System.Diagnostics;
using System.Threading.Channels;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>
/// One prompt waiting for (or holding) slots in a scheduler: its <see cref="GenerationSettings.N"/> choices are numbered
/// from <see cref="FirstChoice"/>, so several prompts of one request can share an event channel.
/// </summary>
public sealed class GenerationRequest(int[] promptTokens, GenerationSettings settings, ChannelWriter<GenerationEvent> events,
    int firstChoice, CancellationToken cancellationToken)
{
    private readonly long enqueuedAt = Stopwatch.GetTimestamp();
    private long admittedAt;
    private long firstTokenAt;

    public int[] PromptTokens { get; } = promptTokens;

    public GenerationSettings Settings { get; } = settings;

    public ChannelWriter<GenerationEvent> Events { get; } = events;

    public int FirstChoice { get; } = firstChoice;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>KV cells this request may come to use: the prompt and every choice at its longest.</summary>
    public int ReservedCells => PromptTokens.Length + Settings.N * Settings.MaxTokens;

    /// <summary>Prompt tokens found in the KV cache of an earlier prompt (not decoded again).</summary>
    public int ReusedPromptTokens { get; internal set; }

    public TimeSpan? QueueTime => admittedAt == 0 ? null : Stopwatch.GetElapsedTime(enqueuedAt, admittedAt);

    public TimeSpan? TimeToFirstToken => firstTokenAt == 0 ? null : Stopwatch.GetElapsedTime(enqueuedAt, firstTokenAt);

    internal void MarkAdmitted() => admittedAt = Stopwatch.GetTimestamp();

    internal bool MarkFirstToken()
    {
        if (firstTokenAt != 0)
        {
            return false;
        }
        firstTokenAt = Stopwatch.GetTimestamp();
        return true;
    }
}
