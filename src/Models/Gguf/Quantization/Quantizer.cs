using System.Buffers.Binary;
using System.Runtime.InteropServices;
using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Quantization;

/// <summary>
/// Stores 32-bit floats as F32, F16, BF16, Q8_0 or Q4_0, with ggml's reference algorithms (quantize_row_*_ref), so the
/// bytes equal what llama.cpp's own quantizer writes.
/// </summary>
public static class Quantizer
{
    /// <summary>Types this class can write.</summary>
    public static readonly IReadOnlySet<GgmlType> Supported = new HashSet<GgmlType> { GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0 };

    /// <summary>The bytes of <paramref name="values"/> stored as <paramref name="type"/>.</summary>
    public static byte[] FromFloats(GgmlType type, ReadOnlySpan<float> values)
    {
        var output = new byte[GgmlTypes.ByteSize(type, values.Length)];
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(output);
                break;
            case GgmlType.F16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(2 * i), Floats.ToHalf(values[i]));
                }
                break;
            case GgmlType.BF16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(2 * i), Floats.ToBFloat16(values[i]));
                }
                break;
            case GgmlType.Q8_0:
                for (var block = 0; block < values.Length / 32; block++)
                {
                    Q8(values.Slice(32 * block, 32), output.AsSpan(34 * block, 34));
                }
                break;
            case GgmlType.Q4_0:
                for (var block = 0; block < values.Length / 32; block++)
                {
                    Q4(values.Slice(32 * block, 32), output.AsSpan(18 * block, 18));
                }
                break;
            default:
                throw new NotSupportedException($"Quantizing to {type} is not supported; supported are {string.Join(", ", Supported)}.");
        }
        return output;
    }

    private static void Q8(ReadOnlySpan<float> x, Span<byte> y)
    {
        var amax = 0f;
        foreach (var v in x)
        {
            amax = MathF.Max(amax, MathF.Abs(v));
        }
        var d = amax / 127;
        var id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteUInt16LittleEndian(y, Floats.ToHalf(d));
        for (var j = 0; j < 32; j++)
        {
            y[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
    }

    /// <summary>The scale maps the value of largest magnitude (sign kept) to -8.</summary>
    private static void Q4(ReadOnlySpan<float> x, Span<byte> y)
    {
        var (amax, max) = (0f, 0f);
        foreach (var v in x)
        {
            if (amax < MathF.Abs(v))
            {
                (amax, max) = (MathF.Abs(v), v);
            }
        }
        var d = max / -8;
        var id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteUInt16LittleEndian(y, Floats.ToHalf(d));
        for (var j = 0; j < 16; j++)
        {
            var low = Math.Min(15, (int)(sbyte)(x[j] * id + 8.5f));
            var high = Math.Min(15, (int)(sbyte)(x[16 + j] * id + 8.5f));
            y[2 + j] = (byte)(low | (high << 4));
        }
    }
}
