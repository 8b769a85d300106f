namespace InstructLab.Aspire.Jinja;

/// <summary>How templates are read and how far a render may go.</summary>
public sealed record JinjaOptions
{
    /// <summary>Hugging Face's chat-template settings: trim_blocks and lstrip_blocks on.</summary>
    public static JinjaOptions HuggingFace { get; } = new();

    /// <summary>Remove the first newline after a block or comment tag.</summary>
    public bool TrimBlocks { get; init; } = true;

    /// <summary>Remove spaces and tabs from the start of a line up to a block or comment tag.</summary>
    public bool LstripBlocks { get; init; } = true;

    /// <summary>Keep a newline that ends the template (Jinja drops one by default).</summary>
    public bool KeepTrailingNewline { get; init; }

    /// <summary>Characters a render may produce before it is stopped.</summary>
    public int MaxOutputLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>Loop iterations and <c>range()</c> items a render may use in all.</summary>
    public int MaxIterations { get; init; } = 1_000_000;

    /// <summary>What <c>strftime_now()</c> reads (local time, as Python's <c>datetime.now()</c>).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Nested macro calls.</summary>
    public int MaxCallDepth { get; init; } = 64;
}
