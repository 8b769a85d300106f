namespace InstructLab.Aspire.Gguf.Format;

/// <summary>Metadata keys llama.cpp reads (the architecture's own keys are prefixed with its name).</summary>
public static class GgufKeys
{
    /// <summary>llama, qwen2, …</summary>
    public const string Architecture = "general.architecture";
    /// <summary>Model name.</summary>
    public const string Name = "general.name";
    /// <summary>Mostly which weight type (llama_ftype).</summary>
    public const string FileType = "general.file_type";
    /// <summary>Data alignment.</summary>
    public const string Alignment = "general.alignment";
    /// <summary>llama (SentencePiece) or gpt2 (byte-level BPE).</summary>
    public const string TokenizerModel = "tokenizer.ggml.model";
    /// <summary>The pre-tokenizer of a BPE vocabulary (gpt-2, llama3, …).</summary>
    public const string TokenizerPre = "tokenizer.ggml.pre";
    /// <summary>Token strings.</summary>
    public const string Tokens = "tokenizer.ggml.tokens";
    /// <summary>SentencePiece scores.</summary>
    public const string Scores = "tokenizer.ggml.scores";
    /// <summary>Token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.</summary>
    public const string TokenTypes = "tokenizer.ggml.token_type";
    /// <summary>BPE merges, "a b".</summary>
    public const string Merges = "tokenizer.ggml.merges";
    /// <summary>Beginning-of-sequence token.</summary>
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    /// <summary>End-of-sequence token.</summary>
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    /// <summary>Unknown token.</summary>
    public const string UnknownTokenId = "tokenizer.ggml.unknown_token_id";
    /// <summary>Padding token.</summary>
    public const string PaddingTokenId = "tokenizer.ggml.padding_token_id";
    /// <summary>Whether to add BOS.</summary>
    public const string AddBos = "tokenizer.ggml.add_bos_token";
    /// <summary>Whether to add EOS.</summary>
    public const string AddEos = "tokenizer.ggml.add_eos_token";
    /// <summary>Jinja chat template.</summary>
    public const string ChatTemplate = "tokenizer.chat_template";

    /// <summary>An architecture key, e.g. <c>llama.embedding_length</c>.</summary>
    public static string Of(string architecture, string key) => $"{architecture}.{key}";
}
