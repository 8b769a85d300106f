using System.Security.Cryptography;

namespace InstructLab.Aspire.Evaluations.Data;

/// <summary>A benchmark's files by path relative to its data folder, as a request brings them.</summary>
public sealed class DataFiles(IReadOnlyDictionary<string, byte[]> files)
{
    public IReadOnlyDictionary<string, byte[]> Files { get; } = files;

    /// <summary>Every file's path, size and SHA-256, for the report.</summary>
    public IReadOnlyList<DataFileHash> Hashes() =>
        [.. Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new DataFileHash(f.Key, f.Value.LongLength, Convert.ToHexStringLower(SHA256.HashData(f.Value))))];

    /// <summary>The files whose name (without folders) ends in <paramref name="suffix"/>, by path.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> EndingIn(string suffix) =>
        Files.Where(f => FileName(f.Key).EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).OrderBy(f => f.Key, StringComparer.Ordinal);

    public static string FileName(string path) => path.Replace('\\', '/').Split('/')[^1];

    /// <summary>The file's name without folders and extension: a group's name.</summary>
    public static string Stem(string path) => Path.GetFileNameWithoutExtension(FileName(path));

    public EvaluationDataException Missing(string what) => new("data",
        $"{what}; the data holds {(Files.Count == 0 ? "no file" : string.Join(", ", Files.Keys.Order(StringComparer.Ordinal).Take(8)) + (Files.Count > 8 ? ", …" : ""))}");
}

public sealed record DataFileHash(string Path, long Bytes, string Sha256);
