namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>
/// A model is ready to serve (training exported it, or a user uploaded it): serving registers <see cref="ModelId"/>
/// from <see cref="ArtifactKey"/>, new requests get the new version, running requests finish on the old one.
/// </summary>
public sealed record ModelPublished
{
    /// <summary>The id clients use (<c>model</c> in OpenAI requests); an id served already gets the new version.</summary>
    public required string ModelId { get; init; }

    /// <summary>The GGUF file in the artifact store.</summary>
    public required string ArtifactKey { get; init; }

    /// <summary>SHA-256 (hex) of the file, checked after download; optional.</summary>
    public string? Sha256 { get; init; }

    /// <summary>A Jinja chat template or a llama.cpp built-in name, when the GGUF's own should not be used.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>When the model was published.</summary>
    public required DateTimeOffset PublishedAt { get; init; }
}
