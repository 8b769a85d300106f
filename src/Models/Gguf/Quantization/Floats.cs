namespace InstructLab.Aspire.Gguf.Quantization;

/// <summary>The 16-bit float conversions ggml uses: IEEE half (round to nearest even) and bfloat16.</summary>
internal static class Floats
{
    public static float FromHalf(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    public static ushort ToHalf(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    public static float FromBFloat16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>As ggml_compute_fp32_to_bf16: round to nearest even, NaN kept quiet.</summary>
    public static ushort ToBFloat16(float value)
    {
        var bits = (uint)BitConverter.SingleToInt32Bits(value);
        if ((bits & 0x7fffffff) > 0x7f800000)
        {
            return (ushort)((bits >> 16) | 64);
        }
        return (ushort)((bits + (0x7fff + ((bits >> 16) & 1))) >> 16);
    }
}
