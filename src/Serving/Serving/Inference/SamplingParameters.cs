namespace InstructLab.Aspire.Serving.Inference;

/// <summary>How one request samples, with llama-server's defaults where OpenAI's API leaves a value open.</summary>
public sealed record SamplingParameters
{
    public float Temperature { get; init; } = 0.8f;

    public float TopP { get; init; } = 0.95f;

    public int TopK { get; init; } = 40;

    public float MinP { get; init; } = 0.05f;

    /// <summary>Same seed, same prompt, same parameters → same text. Choice <c>i</c> of <c>n</c> uses <c>Seed + i</c>.</summary>
    public uint? Seed { get; init; }

    public float PresencePenalty { get; init; }

    public float FrequencyPenalty { get; init; }

    public IReadOnlyDictionary<int, float> LogitBias { get; init; } = new Dictionary<int, float>();

    /// <summary>A GBNF grammar (root rule <c>root</c>) every completion must match.</summary>
    public string? Grammar { get; init; }
}

/// <summary>What a request asks the scheduler for: one prompt, <see cref="N"/> completions of it.</summary>
public sealed record GenerationSettings
{
    public required SamplingParameters Sampling { get; init; }

    public required int MaxTokens { get; init; }

    public int N { get; init; } = 1;

    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Report each sampled token's log-probability; with <see cref="TopLogprobs"/> alternatives.</summary>
    public bool Logprobs { get; init; }

    public int TopLogprobs { get; init; }

    /// <summary>
    /// Completions' <c>echo</c>: the response repeats the prompt, and with <see cref="Logprobs"/> each prompt token's
    /// log-probability given the tokens before it (the first has none).
    /// </summary>
    public bool Echo { get; init; }

    /// <summary><c>echo</c> with <c>max_tokens: 0</c>: score the prompt, generate nothing.</summary>
    public bool PromptOnly { get; init; }
}
