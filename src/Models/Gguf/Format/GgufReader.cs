using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace InstructLab.Aspire.Gguf.Format;

/// <summary>
/// Parses a GGUF header (v2 and v3, little-endian): metadata, tensor infos, alignment. Every length is checked against
/// the bytes that remain, so a truncated or hostile file fails with the offset instead of a huge allocation.
/// </summary>
internal sealed class GgufReader
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const int MaxDimensions = 4;
    private const long MaxCount = 1 << 24;

    private readonly Stream stream;
    private readonly string path;
    private readonly long length;

    private GgufReader(Stream stream, string path)
    {
        this.stream = stream;
        this.path = path;
        length = stream.Length;
    }

    public static GgufFile Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new GgufReader(file, path).ReadFile();
    }

    private GgufFile ReadFile()
    {
        if (UInt32() != Magic)
        {
            throw Fail(0, "the file does not start with the magic bytes 'GGUF'");
        }
        var version = UInt32();
        if (version is not (2 or 3))
        {
            throw Fail(4, version > 0xFFFF
                ? $"version {version} looks byte-swapped; big-endian GGUF files are not supported"
                : $"version {version} is not supported (2 and 3 are)");
        }
        var tensorCount = Count(UInt64(), 8, "tensor count");
        var metadataCount = Count(UInt64(), 8, "metadata count");
        var metadata = new GgufMetadata();
        for (long i = 0; i < metadataCount; i++)
        {
            var at = stream.Position;
            var key = System.Text.Encoding.UTF8.GetString(Bytes(UInt64(), "metadata key"));
            var value = Value((GgufValueType)UInt32(), depth: 0);
            if (!metadata.TryAdd(key, value))
            {
                throw Fail(at, $"metadata key '{key}' appears twice");
            }
        }
        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            var at = stream.Position;
            var tensor = TensorInfo();
            if (!names.Add(tensor.Name))
            {
                throw Fail(at, $"tensor '{tensor.Name}' appears twice");
            }
            tensors.Add(tensor);
        }
        var alignment = (int)(metadata.Integer("general.alignment") ?? 32);
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
        {
            throw Fail(stream.Position, $"general.alignment {alignment} is not a power of two");
        }
        var dataOffset = Align(stream.Position, alignment);
        foreach (var tensor in tensors)
        {
            var start = dataOffset + (long)tensor.Offset;
            if (tensor.Offset % (ulong)alignment != 0)
            {
                throw Fail(start, $"tensor '{tensor.Name}' data offset {tensor.Offset} is not aligned to {alignment}");
            }
            if (start + tensor.ByteSize > length)
            {
                throw Fail(start, $"tensor '{tensor.Name}' ({tensor.Type}, {tensor.ByteSize} bytes at {start}) ends past the end of the file ({length} bytes)");
            }
        }
        return new GgufFile(path, version, metadata, tensors, alignment, dataOffset);
    }

    private GgufTensorInfo TensorInfo()
    {
        var at = stream.Position;
        var name = System.Text.Encoding.UTF8.GetString(Bytes(UInt64(), "tensor name"));
        var dimensionCount = UInt32();
        if (dimensionCount is 0 or > MaxDimensions)
        {
            throw Fail(at, $"tensor '{name}' has {dimensionCount} dimensions (1 to {MaxDimensions} allowed)");
        }
        var dimensions = new ulong[dimensionCount];
        for (var d = 0; d < dimensions.Length; d++)
        {
            dimensions[d] = UInt64();
            if (dimensions[d] == 0 || dimensions[d] > (ulong)length * 8)
            {
                throw Fail(at, $"tensor '{name}' dimension {d} is {dimensions[d]}");
            }
        }
        var typeAt = stream.Position;
        var type = (GgmlType)UInt32();
        if (GgmlTypes.Block(type) is not { } block)
        {
            throw Fail(typeAt, $"tensor '{name}' has unknown ggml type {(uint)type}");
        }
        if ((long)dimensions[0] % block.Elements != 0)
        {
            throw Fail(typeAt, $"tensor '{name}' rows of {dimensions[0]} do not fill whole {type} blocks of {block.Elements}");
        }
        return new GgufTensorInfo(name, dimensions, type, UInt64());
    }

    private GgufValue Value(GgufValueType type, int depth)
    {
        var at = stream.Position;
        return type switch
        {
            GgufValueType.UInt8 => GgufValue.Stored(type, Byte()),
            GgufValueType.Int8 => GgufValue.Stored(type, (sbyte)Byte()),
            GgufValueType.UInt16 => GgufValue.Stored(type, BinaryPrimitives.ReadUInt16LittleEndian(Exact(2))),
            GgufValueType.Int16 => GgufValue.Stored(type, BinaryPrimitives.ReadInt16LittleEndian(Exact(2))),
            GgufValueType.UInt32 => GgufValue.Stored(type, UInt32()),
            GgufValueType.Int32 => GgufValue.Stored(type, BinaryPrimitives.ReadInt32LittleEndian(Exact(4))),
            GgufValueType.Float32 => GgufValue.Stored(type, BinaryPrimitives.ReadSingleLittleEndian(Exact(4))),
            GgufValueType.Bool => GgufValue.Stored(type, Bool(at)),
            GgufValueType.String => GgufValue.Stored(type, Bytes(UInt64(), "string")),
            GgufValueType.UInt64 => GgufValue.Stored(type, UInt64()),
            GgufValueType.Int64 => GgufValue.Stored(type, BinaryPrimitives.ReadInt64LittleEndian(Exact(8))),
            GgufValueType.Float64 => GgufValue.Stored(type, BinaryPrimitives.ReadDoubleLittleEndian(Exact(8))),
            GgufValueType.Array when depth < 4 => Array(depth),
            _ => throw Fail(at - 4, $"unknown metadata value type {(uint)type}"),
        };
    }

    private GgufValue Array(int depth)
    {
        var elementType = (GgufValueType)UInt32();
        var countAt = stream.Position;
        var count = UInt64();
        object items = elementType switch
        {
            GgufValueType.UInt8 => Numbers<byte>(count),
            GgufValueType.Int8 => Numbers<sbyte>(count),
            GgufValueType.UInt16 => Numbers<ushort>(count),
            GgufValueType.Int16 => Numbers<short>(count),
            GgufValueType.UInt32 => Numbers<uint>(count),
            GgufValueType.Int32 => Numbers<int>(count),
            GgufValueType.Float32 => Numbers<float>(count),
            GgufValueType.UInt64 => Numbers<ulong>(count),
            GgufValueType.Int64 => Numbers<long>(count),
            GgufValueType.Float64 => Numbers<double>(count),
            GgufValueType.Bool => Numbers<byte>(count).Select((b, i) => b <= 1 ? b == 1 : throw Fail(countAt + 8 + i, $"bool byte {b} is neither 0 nor 1")).ToArray(),
            GgufValueType.String => Strings(Count(count, 8, "string array")),
            GgufValueType.Array => Enumerable.Range(0, (int)Count(count, 12, "nested array")).Select(_ => Value(GgufValueType.Array, depth + 1)).ToArray(),
            _ => throw Fail(countAt - 4, $"unknown array element type {(uint)elementType}"),
        };
        return GgufValue.Stored(GgufValueType.Array, items, elementType);
    }

    private byte[][] Strings(long count)
    {
        var strings = new byte[count][];
        for (long i = 0; i < count; i++)
        {
            strings[i] = Bytes(UInt64(), "string");
        }
        return strings;
    }

    private T[] Numbers<T>(ulong count) where T : unmanaged
    {
        var items = new T[Count(count, Marshal.SizeOf<T>(), $"{typeof(T).Name} array")];
        stream.ReadExactly(MemoryMarshal.AsBytes(items.AsSpan()));
        return items;
    }

    private long Count(ulong count, int bytesEach, string what)
    {
        var remaining = length - stream.Position;
        return count <= MaxCount && (long)count * bytesEach <= remaining
            ? (long)count
            : throw Fail(stream.Position - 8, $"{what} of {count} does not fit in the {remaining} bytes left in the file");
    }

    private byte[] Bytes(ulong count, string what)
    {
        var size = Count(count, 1, what);
        var bytes = new byte[size];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private bool Bool(long at) => Byte() switch
    {
        0 => false,
        1 => true,
        var other => throw Fail(at, $"bool byte {other} is neither 0 nor 1"),
    };

    private byte Byte() => Exact(1)[0];

    private uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Exact(4));

    private ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Exact(8));

    private byte[] Exact(int count)
    {
        var buffer = new byte[count];
        var at = stream.Position;
        if (stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false) < count)
        {
            throw Fail(at, $"the file ends after {length} bytes, in the middle of a {count}-byte value (truncated?)");
        }
        return buffer;
    }

    private static long Align(long offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private GgufFormatException Fail(long offset, string problem) => new(path, offset, problem);
}
