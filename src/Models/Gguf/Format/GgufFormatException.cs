namespace InstructLab.Aspire.Gguf.Format;

/// <summary>A file is not valid GGUF; the message names the file, the byte offset and what was wrong.</summary>
public sealed class GgufFormatException(string path, long offset, string problem)
    : Exception($"{path}: not a valid GGUF file at byte {offset}: {problem}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Where in the file the problem is.</summary>
    public long Offset { get; } = offset;
}
