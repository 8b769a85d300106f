using InstructLab.Aspire.Gguf.Quantization;
using Microsoft.Win32.SafeHandles;

namespace InstructLab.Aspire.Gguf.Format;

/// <summary>
/// A GGUF file's header (version, metadata, tensor infos) with its tensor data read on demand from the file.
/// </summary>
public sealed class GgufFile
{
    internal GgufFile(string path, uint version, GgufMetadata metadata, IReadOnlyList<GgufTensorInfo> tensors, int alignment, long dataOffset)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>GGUF version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>The metadata, in file order.</summary>
    public GgufMetadata Metadata { get; }

    /// <summary>The tensors, in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Alignment of the data section and of each tensor in it.</summary>
    public int Alignment { get; }

    /// <summary>Where the data section starts in the file.</summary>
    public long DataOffset { get; }

    /// <summary>Reads the header of a GGUF file; throws <see cref="GgufFormatException"/> when it is not valid.</summary>
    public static GgufFile Open(string path) => GgufReader.Read(path);

    /// <summary>A tensor by name, or null.</summary>
    public GgufTensorInfo? Tensor(string name) => Tensors.FirstOrDefault(t => t.Name == name);

    /// <summary>The tensor's stored bytes.</summary>
    public byte[] ReadBytes(GgufTensorInfo tensor)
    {
        var bytes = new byte[tensor.ByteSize];
        using SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), DataOffset + (long)tensor.Offset + read);
            if (n == 0)
            {
                throw new GgufFormatException(Path, DataOffset + (long)tensor.Offset + read, $"tensor '{tensor.Name}' is cut short");
            }
            read += n;
        }
        return bytes;
    }

    /// <summary>The tensor as 32-bit floats, dequantized if stored quantized.</summary>
    public float[] ReadFloats(GgufTensorInfo tensor) => Dequantizer.ToFloats(tensor.Type, ReadBytes(tensor), tensor.ElementCount);
}
