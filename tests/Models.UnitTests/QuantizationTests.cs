using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Quantization;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>Each format's round-trip error stays within what its block layout allows.</summary>
public sealed class QuantizationTests
{
    [Theory]
    [InlineData(GgmlType.F32)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.BF16)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    public void QuantizeThenDequantizeStaysWithinTheFormatsBound(GgmlType type)
    {
        var values = Gaussian(32 * 512, seed: 7);
        values[5] = 0f;          // exact zero
        values[40] = 37.5f;      // an outlier in its block

        var restored = Dequantizer.ToFloats(type, Quantizer.FromFloats(type, values), values.Length);

        for (var block = 0; block < values.Length / 32; block++)
        {
            var slice = values.AsSpan(32 * block, 32);
            var amax = 0f;
            foreach (var v in slice)
            {
                amax = MathF.Max(amax, MathF.Abs(v));
            }
            for (var j = 0; j < 32; j++)
            {
                var x = slice[j];
                var error = MathF.Abs(restored[32 * block + j] - x);
                var bound = type switch
                {
                    GgmlType.F32 => 0f,
                    GgmlType.F16 => MathF.Abs(x) * MathF.Pow(2, -11) + 6e-8f,
                    GgmlType.BF16 => MathF.Abs(x) * MathF.Pow(2, -8),
                    // half a step of the scale (amax / 127), the scale itself rounded to f16
                    GgmlType.Q8_0 => amax / 127 * (0.5f + 127 * MathF.Pow(2, -11)),
                    // one step of amax / 8: the value of largest magnitude maps to -8, its mirror clamps at 7
                    _ => amax / 8 * (1 + 8 * MathF.Pow(2, -11)),
                };
                Assert.True(error <= bound * 1.0001f, $"{type} block {block} item {j}: {x} came back as {restored[32 * block + j]} (error {error}, bound {bound})");
            }
        }
        Assert.Equal(0f, restored[5]);
    }

    [Theory]
    [InlineData(GgmlType.Q4_0, 31)]
    [InlineData(GgmlType.Q4_K, 255)]
    public void PartialBlocksAreRefused(GgmlType type, int count)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Dequantizer.ToFloats(type, new byte[GgmlTypes.Block(type)!.Value.Bytes], count));

        Assert.Contains(type.ToString(), error.Message);
    }

    internal static float[] Gaussian(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())))];
    }
}
