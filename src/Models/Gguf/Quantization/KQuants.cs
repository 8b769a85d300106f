using System.Buffers.Binary;
using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Gguf.Quantization;

/// <summary>ggml's K-quant super-blocks of 256 elements: Q4_K, Q5_K, Q6_K (layouts as in ggml-common.h).</summary>
internal static class KQuants
{
    private const int Size = GgmlTypes.SuperBlock;

    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> data, Span<float> output)
    {
        var (_, bytes) = GgmlTypes.Block(type)!.Value;
        for (var block = 0; block < output.Length / Size; block++)
        {
            var b = data.Slice(block * bytes, bytes);
            var y = output.Slice(block * Size, Size);
            switch (type)
            {
                case GgmlType.Q4_K:
                    FourOrFive(b[16..144], default, b[4..16], Half(b), Half(b[2..]), y);
                    break;
                case GgmlType.Q5_K:
                    FourOrFive(b[48..176], b[16..48], b[4..16], Half(b), Half(b[2..]), y);
                    break;
                case GgmlType.Q6_K:
                    Six(b[..128], b[128..192], b[192..208], Half(b[208..]), y);
                    break;
            }
        }
    }

    /// <summary>Q4_K and Q5_K (with <paramref name="qh"/>): eight groups of 32 with 6-bit scales and minimums.</summary>
    private static void FourOrFive(ReadOnlySpan<byte> qs, ReadOnlySpan<byte> qh, ReadOnlySpan<byte> scales, float d, float dmin, Span<float> y)
    {
        var group = 0;
        var (u1, u2) = (1, 2);
        for (var j = 0; j < Size; j += 64)
        {
            var (sc1, m1) = ScaleMin(group, scales);
            var (sc2, m2) = ScaleMin(group + 1, scales);
            var q = qs.Slice(j / 2, 32);
            for (var l = 0; l < 32; l++)
            {
                var high1 = qh.IsEmpty ? 0 : (qh[l] & u1) != 0 ? 16 : 0;
                var high2 = qh.IsEmpty ? 0 : (qh[l] & u2) != 0 ? 16 : 0;
                y[j + l] = d * sc1 * ((q[l] & 0x0F) + high1) - dmin * m1;
                y[j + 32 + l] = d * sc2 * ((q[l] >> 4) + high2) - dmin * m2;
            }
            group += 2;
            u1 <<= 2;
            u2 <<= 2;
        }
    }

    /// <summary>get_scale_min_k4: 6-bit scale and minimum of group j, packed into 12 bytes.</summary>
    private static (int Scale, int Min) ScaleMin(int j, ReadOnlySpan<byte> q) => j < 4
        ? (q[j] & 63, q[j + 4] & 63)
        : ((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4));

    private static void Six(ReadOnlySpan<byte> ql, ReadOnlySpan<byte> qh, ReadOnlySpan<byte> scales, float d, Span<float> y)
    {
        for (var n = 0; n < Size / 128; n++)
        {
            var low = ql.Slice(64 * n, 64);
            var high = qh.Slice(32 * n, 32);
            var sc = scales.Slice(8 * n, 8);
            var output = y.Slice(128 * n, 128);
            for (var l = 0; l < 32; l++)
            {
                var group = l / 16;
                var q1 = ((low[l] & 0x0F) | (((high[l] >> 0) & 3) << 4)) - 32;
                var q2 = ((low[l + 32] & 0x0F) | (((high[l] >> 2) & 3) << 4)) - 32;
                var q3 = ((low[l] >> 4) | (((high[l] >> 4) & 3) << 4)) - 32;
                var q4 = ((low[l + 32] >> 4) | (((high[l] >> 6) & 3) << 4)) - 32;
                output[l] = d * (sbyte)sc[group] * q1;
                output[l + 32] = d * (sbyte)sc[group + 2] * q2;
                output[l + 64] = d * (sbyte)sc[group + 4] * q3;
                output[l + 96] = d * (sbyte)sc[group + 6] * q4;
            }
        }
    }

    private static float Half(ReadOnlySpan<byte> bytes) => Floats.FromHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes));
}
