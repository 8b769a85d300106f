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

    /// <summary>
    /// Prompts that all start with <see cref="PromptTokens"/> and go on with these tokens, one choice each (echo with
    /// logprobs, one choice per prompt): the shared prefix is decoded once and forked. Null for a single prompt.
    /// </summary>
    public IReadOnlyList<int[]>? Branches { get; init; }

    /// <summary>Sequences the request holds at most at once (a branched request briefly holds its prefix too).</summary>
    public int Sequences => Branches is { } branches ? branches.Count + 1 : Settings.N;

    /// <summary>Prompt tokens as the client sent them (a branched request's prefix counts once per prompt).</summary>
    public int PromptTokenCount => Branches is { } branches ? branches.Sum(b => PromptTokens.Length + b.Length) : PromptTokens.Length;

    /// <summary>KV cells this request may come to use: the prompt and every choice at its longest.</summary>
    public int ReservedCells => Branches is { } branches
        ? PromptTokens.Length + branches.Sum(b => b.Length + Settings.MaxTokens)
        : PromptTokens.Length + Settings.N * Settings.MaxTokens;

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
