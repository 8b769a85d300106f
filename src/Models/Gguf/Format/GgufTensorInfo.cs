namespace InstructLab.Aspire.Gguf.Format;

/// <summary>
/// A tensor of a GGUF file. <see cref="Dimensions"/> are ggml's order, innermost first: a PyTorch weight of shape
/// [out, in] is stored with dimensions [in, out]. <see cref="Offset"/> is relative to the start of the data section.
/// </summary>
public sealed record GgufTensorInfo(string Name, ulong[] Dimensions, GgmlType Type, ulong Offset)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (count, d) => checked(count * (long)d));

    /// <summary>Bytes of data.</summary>
    public long ByteSize => GgmlTypes.ByteSize(Type, ElementCount);

    /// <summary>Dimensions outermost first, as PyTorch orders them.</summary>
    public long[] Shape => [.. Dimensions.Reverse().Select(d => (long)d)];
}
