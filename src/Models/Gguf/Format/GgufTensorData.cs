namespace InstructLab.Aspire.Gguf.Format;

/// <summary>A tensor to write: its info and a function producing its bytes when the writer reaches it.</summary>
public sealed record GgufTensorData(string Name, ulong[] Dimensions, GgmlType Type, Func<byte[]> Data)
{
    /// <summary>Bytes the data must have.</summary>
    public long ByteSize => GgmlTypes.ByteSize(Type, Dimensions.Aggregate(1L, (n, d) => checked(n * (long)d)));

    /// <summary>A tensor whose data is already in memory.</summary>
    public static GgufTensorData Of(string name, ulong[] dimensions, GgmlType type, byte[] data) => new(name, dimensions, type, () => data);
}
