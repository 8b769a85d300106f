namespace InstructLab.Aspire.Gguf.Format;

/// <summary>GGUF metadata: unique keys in file order (order is kept so files round-trip byte for byte).</summary>
public sealed class GgufMetadata
{
    private readonly List<KeyValuePair<string, GgufValue>> entries = [];
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    /// <summary>Entries in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Entries => entries;

    /// <summary>Number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>The value of a key, or null.</summary>
    public GgufValue? this[string key] => index.TryGetValue(key, out var i) ? entries[i].Value : null;

    /// <summary>Whether the key is present.</summary>
    public bool Contains(string key) => index.ContainsKey(key);

    /// <summary>Sets a value: replaced in place if the key exists, else appended.</summary>
    public GgufMetadata Set(string key, GgufValue value)
    {
        if (index.TryGetValue(key, out var i))
        {
            entries[i] = new(key, value);
        }
        else
        {
            index[key] = entries.Count;
            entries.Add(new(key, value));
        }
        return this;
    }

    /// <summary>Removes a key if present.</summary>
    public GgufMetadata Remove(string key)
    {
        if (index.Remove(key, out var i))
        {
            entries.RemoveAt(i);
            for (var j = i; j < entries.Count; j++)
            {
                index[entries[j].Key] = j;
            }
        }
        return this;
    }

    /// <summary>Adds a key read from a file; a second occurrence is a format error.</summary>
    internal bool TryAdd(string key, GgufValue value)
    {
        if (index.ContainsKey(key))
        {
            return false;
        }
        Set(key, value);
        return true;
    }

    /// <summary>A copy (values are immutable and shared).</summary>
    public GgufMetadata Clone()
    {
        var copy = new GgufMetadata();
        foreach (var (key, value) in entries)
        {
            copy.Set(key, value);
        }
        return copy;
    }

    /// <summary>A string value, or null.</summary>
    public string? String(string key) => this[key]?.AsString();

    /// <summary>An integer value, or null.</summary>
    public long? Integer(string key) => this[key]?.AsInteger();

    /// <summary>A float value, or null.</summary>
    public double? Float(string key) => this[key]?.AsFloat();
}
