using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Quantization;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.TestSupport;
using LLama;
using LLama.Native;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>
/// llama.cpp's own quantizer (through LLamaSharp) as the reference: our Q8_0 and Q4_0 bytes are identical to its,
/// and our dequantizers read every type it writes back to within that type's error.
/// </summary>
public sealed class LlamaCppQuantizerTests : IClassFixture<LlamaCppQuantizerTests.F32Model>
{
    private readonly F32Model model;

    public LlamaCppQuantizerTests(F32Model model)
    {
        this.model = model;
    }

    [Theory]
    [InlineData(LLamaFtype.MOSTLY_Q8_0, GgmlType.Q8_0)]
    [InlineData(LLamaFtype.MOSTLY_Q4_0, GgmlType.Q4_0)]
    public void OurQuantizedBytesEqualLlamaCpps(LLamaFtype ftype, GgmlType type)
    {
        var quantized = GgufFile.Open(model.Quantize(ftype));
        var original = GgufFile.Open(model.Path);

        var compared = 0;
        foreach (var tensor in quantized.Tensors.Where(t => t.Type == type))
        {
            var ours = Quantizer.FromFloats(type, original.ReadFloats(original.Tensor(tensor.Name)!));
            Assert.True(ours.AsSpan().SequenceEqual(quantized.ReadBytes(tensor)), $"{tensor.Name} differs from llama.cpp's {type}");
            compared++;
        }
        Assert.True(compared >= 7, $"{compared} {type} tensors compared");
    }

    [Theory]
    [InlineData(LLamaFtype.MOSTLY_Q4_1, GgmlType.Q4_1, 0.12)]
    [InlineData(LLamaFtype.MOSTLY_Q5_0, GgmlType.Q5_0, 0.06)]
    [InlineData(LLamaFtype.MOSTLY_Q5_1, GgmlType.Q5_1, 0.06)]
    [InlineData(LLamaFtype.MOSTLY_Q4_K_M, GgmlType.Q4_K, 0.12)]
    [InlineData(LLamaFtype.MOSTLY_Q5_K_M, GgmlType.Q5_K, 0.06)]
    [InlineData(LLamaFtype.MOSTLY_Q6_K, GgmlType.Q6_K, 0.03)]
    [InlineData(LLamaFtype.MOSTLY_F16, GgmlType.F16, 0.001)]
    public void WhatLlamaCppWritesReadsBackWithinTheTypesError(LLamaFtype ftype, GgmlType type, double relativeRms)
    {
        var quantized = GgufFile.Open(model.Quantize(ftype));
        var original = GgufFile.Open(model.Path);

        var tensors = quantized.Tensors.Where(t => t.Type == type).ToList();
        Assert.NotEmpty(tensors);
        foreach (var tensor in tensors)
        {
            var expected = original.ReadFloats(original.Tensor(tensor.Name)!);
            var actual = quantized.ReadFloats(tensor);
            var error = Math.Sqrt(expected.Zip(actual, (e, a) => (double)(e - a) * (e - a)).Average());
            var scale = Math.Sqrt(expected.Average(e => (double)e * e));
            Assert.True(error / scale < relativeRms, $"{tensor.Name} ({type}): relative RMS error {error / scale:F4} ≥ {relativeRms}");
        }
    }

    /// <summary>A random F32 model whose rows suit every block format (multiples of 256), and its quantized copies.</summary>
    public sealed class F32Model : IDisposable
    {
        private readonly TemporaryDirectory folder = new("quantize");

        public F32Model()
        {
            Path = folder.Combine("f32.gguf");
            TinyModelBuilder.Build(new TinyModelSpec { Width = 256, FeedForward = 512, Heads = 4, KeyValueHeads = 2, VocabularySize = 512, InitScale = 1f }, Path);
        }

        public string Path { get; }

        public string Quantize(LLamaFtype ftype)
        {
            var target = folder.Combine($"{ftype}.gguf");
            if (!File.Exists(target))
            {
                LlamaCppRuntime.EnsureConfigured();
                Assert.True(LLamaQuantizer.Quantize(Path, target, ftype, nthread: 2, allowRequantize: true, quantizeOutputTensor: true), $"llama.cpp could not quantize to {ftype}");
            }
            return target;
        }

        public void Dispose() => folder.Dispose();
    }
}
