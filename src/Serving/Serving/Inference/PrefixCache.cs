using LLama.Batched;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>
/// Finished sequences kept in the KV cache, so that a new prompt that starts the same way (the same system prompt,
/// the same few-shot examples, the conversation so far) forks one and decodes only what differs.
/// </summary>
internal sealed class PrefixCache(int capacity) : IDisposable
{
    private readonly List<Entry> entries = [];
    private long clock;

    public int Count => entries.Count;

    public int Cells => entries.Sum(e => e.Tokens.Length);

    public void Add(Conversation conversation, int[] tokens)
    {
        entries.Add(new Entry(conversation, tokens) { LastUsed = ++clock });
        while (entries.Count > capacity)
        {
            EvictOldest();
        }
    }

    /// <summary>The entry sharing the longest prefix with <paramref name="prompt"/>, if at least <paramref name="minimum"/> tokens.</summary>
    public (Conversation Conversation, int Length)? Find(int[] prompt, int minimum)
    {
        Entry? best = null;
        var bestLength = 0;
        foreach (var entry in entries)
        {
            var length = prompt.AsSpan().CommonPrefixLength(entry.Tokens);
            if (length > bestLength)
            {
                (best, bestLength) = (entry, length);
            }
        }
        if (best is null || bestLength < minimum)
        {
            return null;
        }
        best.LastUsed = ++clock;
        return (best.Conversation, bestLength);
    }

    public bool EvictOldest()
    {
        if (entries.Count == 0)
        {
            return false;
        }
        var oldest = entries.MinBy(e => e.LastUsed)!;
        entries.Remove(oldest);
        oldest.Conversation.Dispose();
        return true;
    }

    public void Dispose()
    {
        while (EvictOldest())
        {
        }
    }

    private sealed class Entry(Conversation conversation, int[] tokens)
    {
        public Conversation Conversation { get; } = conversation;

        public int[] Tokens { get; } = tokens;

        public long LastUsed { get; set; }
    }
}
