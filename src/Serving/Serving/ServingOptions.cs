namespace InstructLab.Aspire.Serving;

/// <summary>Configuration section <c>Serving</c>: the models to serve and the limits of the server.</summary>
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    /// <summary>Models by id, as <c>/v1/models</c> lists them.</summary>
    public Dictionary<string, ServedModelOptions> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The model used when a request names none (or names one this server does not have and only one is configured: never).</summary>
    public string? DefaultModel { get; set; }

    /// <summary>KV cache cells of a loaded model, shared by all its sequences (llama.cpp's unified KV cache).</summary>
    public int ContextSize { get; set; } = 8192;

    /// <summary>
    /// One KV cache shared by all sequences (llama.cpp's kv_unified): any sequence may grow to <see cref="MaxSequenceLength"/>,
    /// but every token attends over the cells of all sequences. False: <see cref="ContextSize"/> is split evenly, each
    /// sequence attends over its own cells only (faster with many sequences; each is limited to ContextSize / MaxSequences).
    /// </summary>
    public bool UnifiedKvCache { get; set; } = true;

    /// <summary>Longest sequence (prompt + completion) one request may use; 0 = the model's training context, at most <see cref="ContextSize"/>.</summary>
    public int MaxSequenceLength { get; set; }

    /// <summary>Sequences decoded together (the batch's width). A request with <c>n</c> choices uses <c>n</c>.</summary>
    public int MaxSequences { get; set; } = 16;

    /// <summary>Prompts waiting for a slot; beyond this a request gets 429 with Retry-After.</summary>
    public int QueueLength { get; set; } = 128;

    /// <summary>Tokens llama.cpp decodes in one step (prompt chunks are cut to this).</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>CPU threads for decoding; 0 = llama.cpp's default.</summary>
    public int Threads { get; set; }

    /// <summary>Completion tokens when a request sets no max_tokens (llama-server generates until the context is full; this keeps one request from reserving it all).</summary>
    public int DefaultMaxTokens { get; set; } = 2048;

    /// <summary>Bytes the loaded models' files may add up to; the least recently used model is unloaded to make room. 0 = no limit.</summary>
    public long MemoryBudgetBytes { get; set; }

    /// <summary>Bearer keys that may call the API; empty = no key needed. <c>/health</c> and <c>/metrics</c> stay open.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest request body in bytes (413 beyond it).</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The model folder, where downloaded models are cached too; default: the suite's <c>Models:Directory</c>, else the user's data folder.</summary>
    public string? ModelCacheDirectory { get; set; }

    /// <summary>
    /// Serve every GGUF in <see cref="ModelCacheDirectory"/> (what <c>lab model download</c> puts there) by its file name
    /// without <c>.gguf</c>, at start and as files appear or go. On in the suite's serving service, off for <c>lab model serve</c>.
    /// </summary>
    public bool ServeModelFolder { get; set; }

    /// <summary>
    /// With <see cref="ServeModelFolder"/>, and no model configured or in the folder at start: download the suite's default
    /// teacher and student into the folder in the background (resumable; <c>HF_ENDPOINT</c>, <c>HF_TOKEN</c> as lab reads them).
    /// </summary>
    public bool DownloadDefaultModels { get; set; }

    /// <summary>Reuse the KV cache of an earlier prompt that starts the same way (at least this many tokens); 0 turns reuse off.</summary>
    public int PrefixReuseMinTokens { get; set; } = 32;

    internal string ResolveModelCacheDirectory() => ModelCacheDirectory is { Length: > 0 } configured ? configured : Hub.SuiteModels.DefaultDirectory;
}

/// <summary>One model: where its GGUF comes from and how to run it.</summary>
public sealed class ServedModelOptions
{
    /// <summary>A local GGUF file.</summary>
    public string? Path { get; set; }

    /// <summary>An http(s) URL, downloaded once into the model cache.</summary>
    public string? Url { get; set; }

    /// <summary>A key in the suite's artifact store, downloaded once into the model cache.</summary>
    public string? ArtifactKey { get; set; }

    /// <summary>Expected SHA-256 (hex) of a downloaded file; a mismatch fails the load.</summary>
    public string? Sha256 { get; set; }

    /// <summary>Overrides <see cref="ServingOptions.ContextSize"/> for this model.</summary>
    public int? ContextSize { get; set; }

    /// <summary>Also serve <c>/v1/embeddings</c> (mean-pooled) for this model.</summary>
    public bool Embeddings { get; set; }

    /// <summary>A Jinja chat template or a llama.cpp built-in name (chatml, llama3, …) used instead of the GGUF's own.</summary>
    public string? ChatTemplate { get; set; }

    /// <summary>Load at start-up rather than on the first request; <c>/health</c> answers 503 until it is loaded.</summary>
    public bool Preload { get; set; }

    /// <summary>Served by id but not listed in <c>/v1/models</c>: an <c>artifact:KEY</c> model loaded on request.</summary>
    public bool Hidden { get; set; }

    /// <summary>The source for logs: a URL without its query or credentials (presigned URLs carry secrets there).</summary>
    public override string ToString() =>
        Path ?? (Url is not null ? Redact(Url) : null) ?? (ArtifactKey is not null ? $"artifact {ArtifactKey}" : "(no source)");

    internal static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}{uri.AbsolutePath}"
            : "(not a URL)";
}
