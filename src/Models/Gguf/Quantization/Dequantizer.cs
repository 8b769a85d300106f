using System.Buffers.Binary;
using System.Runtime.InteropServices;
using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Quantization;

/// <summary>Turns stored tensor bytes into 32-bit floats, for the types users' models use.</summary>
public static class Dequantizer
{
    /// <summary>Types this class can read.</summary>
    public static readonly IReadOnlySet<GgmlType> Supported = new HashSet<GgmlType>
    {
        GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
        GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    };

    /// <summary>Dequantizes <paramref name="count"/> elements.</summary>
    public static float[] ToFloats(GgmlType type, ReadOnlySpan<byte> data, long count)
    {
        if (data.Length != GgmlTypes.ByteSize(type, count))
        {
            throw new ArgumentException($"{data.Length} bytes are not {count} elements of {type}.", nameof(data));
        }
        var output = new float[count];
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(data).CopyTo(output);
                break;
            case GgmlType.F16:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = Floats.FromHalf(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]));
                }
                break;
            case GgmlType.BF16:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = Floats.FromBFloat16(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]));
                }
                break;
            case GgmlType.Q8_0 or GgmlType.Q4_0 or GgmlType.Q4_1 or GgmlType.Q5_0 or GgmlType.Q5_1:
                Blocks32.Dequantize(type, data, output);
                break;
            case GgmlType.Q4_K or GgmlType.Q5_K or GgmlType.Q6_K:
                KQuants.Dequantize(type, data, output);
                break;
            default:
                throw new NotSupportedException($"Dequantizing {type} is not supported; supported are {string.Join(", ", Supported)}.");
        }
        return output;
    }
}
