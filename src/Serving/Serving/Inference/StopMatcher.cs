namespace InstructLab.Aspire.Serving.Inference;

/// <summary>
/// Finds stop strings in streamed text. Text that could be the start of a stop string is held back until it is known
/// not to be one, so a client never sees part of a stop string.
/// </summary>
internal sealed class StopMatcher(IReadOnlyList<string> stops)
{
    private string pending = "";

    /// <summary>Adds text; returns what may be sent now and whether a stop string ended the text.</summary>
    public (string Release, bool Stopped) Push(string text)
    {
        if (stops.Count == 0)
        {
            return (text, false);
        }
        pending += text;
        var first = -1;
        foreach (var stop in stops)
        {
            var at = pending.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }
        if (first >= 0)
        {
            var release = pending[..first];
            pending = "";
            return (release, true);
        }
        var hold = HeldBack();
        var ready = pending[..^hold];
        pending = pending[^hold..];
        return (ready, false);
    }

    /// <summary>The held-back text, when generation ends without a stop string.</summary>
    public string Flush()
    {
        var rest = pending;
        pending = "";
        return rest;
    }

    private int HeldBack()
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, pending.Length); length > longest; length--)
            {
                if (pending.AsSpan(pending.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
