namespace InstructLab.Aspire.Artifacts;

/// <summary>No object has the requested key.</summary>
public sealed class ArtifactNotFoundException(string bucket, string key, Exception? inner = null)
    : ArtifactStoreException($"No artifact '{key}' in bucket '{bucket}'.", inner)
{
    /// <summary>The key that was asked for.</summary>
    public string Key { get; } = key;
}
