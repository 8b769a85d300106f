using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace InstructLab.Aspire.Gguf.Format;

/// <summary>
/// Writes GGUF files as llama.cpp does: header, metadata in the given order, tensor infos, then each tensor's data at
/// offsets aligned to <c>general.alignment</c> (default 32), zero padding. The file appears only once complete.
/// </summary>
public static class GgufWriter
{
    /// <summary>Writes the file; returns its size.</summary>
    public static long Write(string path, GgufMetadata metadata, IReadOnlyList<GgufTensorData> tensors, uint version = 3)
    {
        var alignment = (int)(metadata.Integer("general.alignment") ?? 32);
        var partial = path + ".partial";
        try
        {
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                WriteTo(file, metadata, tensors, version, alignment);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        return new FileInfo(path).Length;
    }

    private static void WriteTo(Stream stream, GgufMetadata metadata, IReadOnlyList<GgufTensorData> tensors, uint version, int alignment)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(0x46554747u);
        writer.Write(version);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata.Entries)
        {
            WriteString(writer, Encoding.UTF8.GetBytes(key));
            writer.Write((uint)value.Type);
            WriteValue(writer, value);
        }
        ulong offset = 0;
        foreach (var tensor in tensors)
        {
            WriteString(writer, Encoding.UTF8.GetBytes(tensor.Name));
            writer.Write((uint)tensor.Dimensions.Length);
            foreach (var dimension in tensor.Dimensions)
            {
                writer.Write(dimension);
            }
            writer.Write((uint)tensor.Type);
            writer.Write(offset);
            offset += (ulong)Align(tensor.ByteSize, alignment);
        }
        if (tensors.Count > 0)
        {
            Pad(writer, alignment); // a vocabulary-only file ends with its header
        }
        foreach (var tensor in tensors)
        {
            var data = tensor.Data();
            if (data.LongLength != tensor.ByteSize)
            {
                throw new ArgumentException($"Tensor '{tensor.Name}' has {data.LongLength} bytes of data; {tensor.Type} × [{string.Join(", ", tensor.Dimensions)}] needs {tensor.ByteSize}.");
            }
            writer.Write(data);
            Pad(writer, alignment);
        }
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        switch (value.Raw)
        {
            case byte[] text when value.Type == GgufValueType.String:
                WriteString(writer, text);
                break;
            case Array items when value.Type == GgufValueType.Array:
                writer.Write((uint)value.ElementType);
                writer.Write((ulong)items.LongLength);
                WriteArray(writer, items);
                break;
            case byte b: writer.Write(b); break;
            case sbyte b: writer.Write(b); break;
            case ushort n: writer.Write(n); break;
            case short n: writer.Write(n); break;
            case uint n: writer.Write(n); break;
            case int n: writer.Write(n); break;
            case float n: writer.Write(n); break;
            case bool flag: writer.Write(flag); break;
            case ulong n: writer.Write(n); break;
            case long n: writer.Write(n); break;
            case double n: writer.Write(n); break;
            default: throw new ArgumentException($"Cannot write a GGUF value of type {value.Type} holding {value.Raw.GetType().Name}.");
        }
    }

    private static void WriteArray(BinaryWriter writer, Array items)
    {
        switch (items)
        {
            case byte[][] strings:
                foreach (var text in strings)
                {
                    WriteString(writer, text);
                }
                break;
            case GgufValue[] nested:
                foreach (var inner in nested)
                {
                    WriteValue(writer, inner);
                }
                break;
            case bool[] flags:
                foreach (var flag in flags)
                {
                    writer.Write(flag);
                }
                break;
            case byte[] bytes: writer.Write(bytes); break;
            case sbyte[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case ushort[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case short[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case uint[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case int[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case float[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case ulong[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case long[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            case double[] n: writer.Write(MemoryMarshal.AsBytes(n.AsSpan())); break;
            default: throw new ArgumentException($"Cannot write a GGUF array of {items.GetType().Name}.");
        }
    }

    private static void WriteString(BinaryWriter writer, byte[] utf8)
    {
        writer.Write((ulong)utf8.LongLength);
        writer.Write(utf8);
    }

    private static void Pad(BinaryWriter writer, int alignment)
    {
        var padding = Align(writer.BaseStream.Position, alignment) - writer.BaseStream.Position;
        writer.Write(new byte[padding]);
    }

    private static long Align(long offset, int alignment) => (offset + alignment - 1) / alignment * alignment;
}
