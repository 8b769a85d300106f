namespace InstructLab.Aspire.Gguf.Building;

/// <summary>A tokenizer as GGUF stores it.</summary>
public sealed record Vocabulary
{
    /// <summary>gpt2 or llama.</summary>
    public required string Model { get; init; }

    /// <summary>Pre-tokenizer of a BPE vocabulary (gpt-2); null for SentencePiece.</summary>
    public string? PreTokenizer { get; init; }

    public required string[] Tokens { get; init; }

    /// <summary>1 normal, 2 unknown, 3 control, 6 byte.</summary>
    public required int[] Types { get; init; }

    /// <summary>SentencePiece scores; null for BPE.</summary>
    public float[]? Scores { get; init; }

    /// <summary>BPE merges ("a b"); null for SentencePiece.</summary>
    public string[]? Merges { get; init; }

    public required int Bos { get; init; }

    public required int Eos { get; init; }

    public int? Unknown { get; init; }

    public int? Padding { get; init; }

    public required bool AddBos { get; init; }

    public required string ChatTemplate { get; init; }
}
