using System.Text;

namespace InstructLab.Aspire.Artifacts;

/// <summary>Rules for artifact keys, checked before anything is sent.</summary>
public static class ArtifactKeys
{
    /// <summary>S3's limit on the UTF-8 length of a key.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the key and the rule it breaks.</summary>
    public static void Validate(string key, string parameterName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        var problem =
            key.Length == 0 ? "it is empty" :
            key.StartsWith('/') ? "it starts with '/'" :
            key.Split('/').Any(segment => segment is "." or "..") ? "it has a '.' or '..' segment" :
            key.Contains("//", StringComparison.Ordinal) ? "it has an empty segment ('//')" :
            key.Any(char.IsControl) ? "it has a control character" :
            Encoding.UTF8.GetByteCount(key) > MaxKeyBytes ? $"it is longer than {MaxKeyBytes} bytes in UTF-8" :
            null;
        if (problem is not null)
        {
            throw new ArgumentException($"Artifact key '{key}' is not allowed: {problem}.", parameterName);
        }
    }
}
