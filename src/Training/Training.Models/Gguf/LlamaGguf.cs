using System.Runtime.InteropServices;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Training.Models.Gguf;

/// <summary>Loads a <see cref="LlamaModel"/> from a GGUF file (any weight type, dequantized) and exports one back.</summary>
public static class LlamaGguf
{
    /// <summary>Builds the model from the file's metadata and fills it with its weights, in <paramref name="dtype"/>.</summary>
    public static LlamaModel Load(GgufFile file, ScalarType dtype = ScalarType.Float32)
    {
        var model = new LlamaModel(LlamaConfig.FromGguf(file));
        using (no_grad())
        {
            foreach (var (name, parameter, _) in LlamaTensorNames.Of(model))
            {
                var stored = file.Tensor(name) ?? throw new InvalidDataException($"{file.Path}: tensor '{name}' is missing");
                if (!stored.Shape.SequenceEqual(parameter.shape))
                {
                    throw new InvalidDataException(
                        $"{file.Path}: tensor '{name}' has shape [{string.Join(", ", stored.Shape)}], the model expects [{string.Join(", ", parameter.shape)}]");
                }
                // Straight into the parameter's memory (f32, contiguous, on the CPU while loading): no second copy.
                parameter.bytes = MemoryMarshal.AsBytes(file.ReadFloats(stored).AsSpan());
            }
        }
        return dtype == ScalarType.Float32 ? model : model.to(dtype);
    }

    /// <summary>
    /// Writes the model as GGUF for llama.cpp, LLamaSharp and Ollama: the base model's metadata (tokenizer, chat
    /// template, hyperparameters) with this model's weights; matrices as <paramref name="weightType"/> (F32, F16, Q8_0,
    /// Q4_0; rows that do not fill its blocks fall back to F16), norms and biases as F32.
    /// </summary>
    public static long Export(LlamaModel model, GgufMetadata baseMetadata, string path, GgmlType weightType, string? name = null)
    {
        if (!Quantizer.Supported.Contains(weightType))
        {
            throw new ArgumentException($"weight type {weightType}: allowed are {string.Join(", ", Quantizer.Supported)}", nameof(weightType));
        }
        var config = model.Config;
        var arch = config.Architecture;
        var metadata = baseMetadata.Clone()
            .Set(GgufKeys.Architecture, GgufValue.Of(arch))
            .Set(GgufKeys.FileType, GgufValue.Of(TinyModelBuilder.FileType(weightType)))
            .Set(GgufKeys.Of(arch, "block_count"), GgufValue.Of((uint)config.Layers))
            .Set(GgufKeys.Of(arch, "embedding_length"), GgufValue.Of((uint)config.Width))
            .Set(GgufKeys.Of(arch, "feed_forward_length"), GgufValue.Of((uint)config.FeedForward))
            .Set(GgufKeys.Of(arch, "attention.head_count"), GgufValue.Of((uint)config.Heads))
            .Set(GgufKeys.Of(arch, "attention.head_count_kv"), GgufValue.Of((uint)config.KeyValueHeads));
        if (name is not null)
        {
            metadata.Set(GgufKeys.Name, GgufValue.Of(name));
        }
        var block = GgmlTypes.Block(weightType)!.Value.Elements;
        var tensors = LlamaTensorNames.Of(model).Select(entry =>
        {
            var dimensions = entry.Parameter.shape.Reverse().Select(d => (ulong)d).ToArray();
            var type = !entry.Matrix ? GgmlType.F32 : (long)dimensions[0] % block == 0 ? weightType : GgmlType.F16;
            return new GgufTensorData(entry.Name, dimensions, type, () => Quantizer.FromFloats(type, Floats(entry.Parameter)));
        }).ToList();
        return GgufWriter.Write(path, metadata, tensors);
    }

    private static float[] Floats(Tensor parameter)
    {
        using var values = parameter.detach().to(float32).cpu().contiguous();
        return values.data<float>().ToArray();
    }
}
