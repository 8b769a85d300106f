using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Building;

/// <summary>Named shapes the project's tests and benchmarks build (and users can start from with <c>lab model create-test-model</c>).</summary>
public static class TinyModelPresets
{
    /// <summary>A few hundred thousand parameters: loads and generates in milliseconds.</summary>
    public static TinyModelSpec Tiny { get; } = new();

    /// <summary>About 5M parameters (6 layers of width 256, GQA 4:2): fast training tests.</summary>
    public static TinyModelSpec Training5M { get; } = new()
    {
        Name = "instructlab-aspire-5m",
        Layers = 6,
        Width = 256,
        Heads = 4,
        KeyValueHeads = 2,
        FeedForward = 768,
        VocabularySize = 2048,
        ContextLength = 1024,
    };

    /// <summary>SmolLM-135M's shape (30 layers, width 576, GQA 9:3, 49,152 tokens) in Q4_0: serving throughput.</summary>
    public static TinyModelSpec Serving135M { get; } = new()
    {
        Name = "instructlab-aspire-135m",
        Layers = 30,
        Width = 576,
        Heads = 9,
        KeyValueHeads = 3,
        FeedForward = 1536,
        VocabularySize = 49152,
        ContextLength = 2048,
        WeightType = GgmlType.Q4_0,
    };

    /// <summary>The presets by the name the command line takes.</summary>
    public static IReadOnlyDictionary<string, TinyModelSpec> ByName { get; } = new Dictionary<string, TinyModelSpec>(StringComparer.OrdinalIgnoreCase)
    {
        ["tiny"] = Tiny,
        ["5m"] = Training5M,
        ["135m"] = Serving135M,
    };
}
