namespace InstructLab.Aspire.Gguf.Format;

/// <summary>Block layout of each ggml type: how many elements a block holds and how many bytes it takes.</summary>
public static class GgmlTypes
{
    /// <summary>Elements per K-quant super-block.</summary>
    public const int SuperBlock = 256;

    /// <summary>(elements per block, bytes per block); null for types this library does not know.</summary>
    public static (int Elements, int Bytes)? Block(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 or GgmlType.BF16 => (1, 2),
        GgmlType.F64 or GgmlType.I64 => (1, 8),
        GgmlType.I32 => (1, 4),
        GgmlType.I16 => (1, 2),
        GgmlType.I8 => (1, 1),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q4_1 => (32, 20),
        GgmlType.Q5_0 => (32, 22),
        GgmlType.Q5_1 => (32, 24),
        GgmlType.Q8_0 => (32, 34),
        GgmlType.Q8_1 => (32, 36),
        GgmlType.Q2_K => (SuperBlock, 84),
        GgmlType.Q3_K => (SuperBlock, 110),
        GgmlType.Q4_K => (SuperBlock, 144),
        GgmlType.Q5_K => (SuperBlock, 176),
        GgmlType.Q6_K => (SuperBlock, 210),
        GgmlType.Q8_K => (SuperBlock, 292),
        _ => null,
    };

    /// <summary>Bytes of <paramref name="elements"/> elements; throws when they do not fill whole blocks.</summary>
    public static long ByteSize(GgmlType type, long elements)
    {
        var (perBlock, bytes) = Block(type) ?? throw new NotSupportedException($"ggml type {(uint)type} is not known");
        if (elements % perBlock != 0)
        {
            throw new ArgumentException($"{elements} elements do not fill whole {type} blocks of {perBlock}.", nameof(elements));
        }
        return elements / perBlock * bytes;
    }
}
