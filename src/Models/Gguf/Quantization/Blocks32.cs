using System.Buffers.Binary;
using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Quantization;

/// <summary>ggml's 32-element block formats: Q8_0, Q4_0, Q4_1, Q5_0, Q5_1 (layouts as in ggml-common.h).</summary>
internal static class Blocks32
{
    private const int Size = 32;

    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> data, Span<float> output)
    {
        var (_, bytes) = GgmlTypes.Block(type)!.Value;
        for (var block = 0; block < output.Length / Size; block++)
        {
            var b = data.Slice(block * bytes, bytes);
            var y = output.Slice(block * Size, Size);
            var d = Floats.FromHalf(BinaryPrimitives.ReadUInt16LittleEndian(b));
            switch (type)
            {
                case GgmlType.Q8_0:
                    for (var j = 0; j < Size; j++)
                    {
                        y[j] = d * (sbyte)b[2 + j];
                    }
                    break;
                case GgmlType.Q4_0:
                    for (var j = 0; j < Size / 2; j++)
                    {
                        y[j] = d * ((b[2 + j] & 0x0F) - 8);
                        y[j + Size / 2] = d * ((b[2 + j] >> 4) - 8);
                    }
                    break;
                case GgmlType.Q4_1:
                    var min = Floats.FromHalf(BinaryPrimitives.ReadUInt16LittleEndian(b[2..]));
                    for (var j = 0; j < Size / 2; j++)
                    {
                        y[j] = d * (b[4 + j] & 0x0F) + min;
                        y[j + Size / 2] = d * (b[4 + j] >> 4) + min;
                    }
                    break;
                case GgmlType.Q5_0:
                    Five(y, b[2..6], b[6..], d, 0, -16);
                    break;
                case GgmlType.Q5_1:
                    Five(y, b[4..8], b[8..], d, Floats.FromHalf(BinaryPrimitives.ReadUInt16LittleEndian(b[2..])), 0);
                    break;
            }
        }
    }

    /// <summary>Low 4 bits in qs, the fifth bit of element j in bit j of qh.</summary>
    private static void Five(Span<float> y, ReadOnlySpan<byte> high, ReadOnlySpan<byte> low, float d, float min, int offset)
    {
        var qh = BinaryPrimitives.ReadUInt32LittleEndian(high);
        for (var j = 0; j < Size / 2; j++)
        {
            var h0 = (int)((qh >> j) << 4) & 0x10;
            var h1 = (int)(qh >> (j + 12)) & 0x10;
            y[j] = d * (((low[j] & 0x0F) | h0) + offset) + min;
            y[j + Size / 2] = d * (((low[j] >> 4) | h1) + offset) + min;
        }
    }
}
