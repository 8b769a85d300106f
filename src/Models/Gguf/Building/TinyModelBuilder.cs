using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Quantization;

namespace InstructLab.Aspire.Gguf.Building;

/// <summary>
/// Writes a Llama-family GGUF with seeded random weights and a vocabulary of its own: the project's test and benchmark
/// models (e.g. a 5M-parameter model for training tests, a 135M-shaped Q4_0 model for serving throughput).
/// </summary>
public static class TinyModelBuilder
{
    /// <summary>Builds the model; returns its file size.</summary>
    public static long Build(TinyModelSpec spec, string path)
    {
        spec.Validate();
        var vocabulary = Vocabularies.Build(spec.Vocabulary, spec.VocabularySize);
        var random = new Normal(spec.Seed, spec.InitScale);
        var tensors = new List<GgufTensorData>();
        var kv = spec.KeyValueHeads * spec.HeadDimension;

        void Matrix(string name, int inputs, int outputs) =>
            tensors.Add(new GgufTensorData(name, [(ulong)inputs, (ulong)outputs], spec.WeightType,
                () => Quantizer.FromFloats(spec.WeightType, random.Next(inputs * outputs))));
        void Vector(string name, int size, float? constant)
        {
            tensors.Add(new GgufTensorData(name, [(ulong)size], GgmlType.F32,
                () => Quantizer.FromFloats(GgmlType.F32, constant is { } c ? Enumerable.Repeat(c, size).ToArray() : random.Next(size))));
        }

        Matrix("token_embd.weight", spec.Width, spec.VocabularySize);
        Vector("output_norm.weight", spec.Width, 1f);
        if (!spec.TiedEmbeddings)
        {
            Matrix("output.weight", spec.Width, spec.VocabularySize);
        }
        for (var layer = 0; layer < spec.Layers; layer++)
        {
            var prefix = $"blk.{layer}.";
            Vector(prefix + "attn_norm.weight", spec.Width, 1f);
            Matrix(prefix + "attn_q.weight", spec.Width, spec.Width);
            Matrix(prefix + "attn_k.weight", spec.Width, kv);
            Matrix(prefix + "attn_v.weight", spec.Width, kv);
            if (spec.Architecture == "qwen2")
            {
                Vector(prefix + "attn_q.bias", spec.Width, null);
                Vector(prefix + "attn_k.bias", kv, null);
                Vector(prefix + "attn_v.bias", kv, null);
            }
            Matrix(prefix + "attn_output.weight", spec.Width, spec.Width);
            Vector(prefix + "ffn_norm.weight", spec.Width, 1f);
            Matrix(prefix + "ffn_gate.weight", spec.Width, spec.FeedForward);
            Matrix(prefix + "ffn_down.weight", spec.FeedForward, spec.Width);
            Matrix(prefix + "ffn_up.weight", spec.Width, spec.FeedForward);
        }
        return GgufWriter.Write(path, Metadata(spec, vocabulary), tensors);
    }

    private static GgufMetadata Metadata(TinyModelSpec spec, Vocabulary vocabulary)
    {
        var arch = spec.Architecture;
        var metadata = new GgufMetadata()
            .Set(GgufKeys.Architecture, GgufValue.Of(arch))
            .Set(GgufKeys.Name, GgufValue.Of(spec.Name))
            .Set(GgufKeys.FileType, GgufValue.Of(FileType(spec.WeightType)))
            .Set(GgufKeys.Of(arch, "context_length"), GgufValue.Of((uint)spec.ContextLength))
            .Set(GgufKeys.Of(arch, "embedding_length"), GgufValue.Of((uint)spec.Width))
            .Set(GgufKeys.Of(arch, "block_count"), GgufValue.Of((uint)spec.Layers))
            .Set(GgufKeys.Of(arch, "feed_forward_length"), GgufValue.Of((uint)spec.FeedForward))
            .Set(GgufKeys.Of(arch, "attention.head_count"), GgufValue.Of((uint)spec.Heads))
            .Set(GgufKeys.Of(arch, "attention.head_count_kv"), GgufValue.Of((uint)spec.KeyValueHeads))
            .Set(GgufKeys.Of(arch, "rope.dimension_count"), GgufValue.Of((uint)spec.HeadDimension))
            .Set(GgufKeys.Of(arch, "rope.freq_base"), GgufValue.Of(spec.RopeFreqBase))
            .Set(GgufKeys.Of(arch, "attention.layer_norm_rms_epsilon"), GgufValue.Of(spec.RmsEpsilon))
            .Set(GgufKeys.Of(arch, "vocab_size"), GgufValue.Of((uint)spec.VocabularySize))
            .Set(GgufKeys.TokenizerModel, GgufValue.Of(vocabulary.Model));
        if (vocabulary.PreTokenizer is { } pre)
        {
            metadata.Set(GgufKeys.TokenizerPre, GgufValue.Of(pre));
        }
        metadata.Set(GgufKeys.Tokens, GgufValue.Of(vocabulary.Tokens));
        if (vocabulary.Scores is { } scores)
        {
            metadata.Set(GgufKeys.Scores, GgufValue.Of(scores));
        }
        metadata.Set(GgufKeys.TokenTypes, GgufValue.Of(vocabulary.Types));
        if (vocabulary.Merges is { } merges)
        {
            metadata.Set(GgufKeys.Merges, GgufValue.Of(merges));
        }
        metadata.Set(GgufKeys.BosTokenId, GgufValue.Of((uint)vocabulary.Bos)).Set(GgufKeys.EosTokenId, GgufValue.Of((uint)vocabulary.Eos));
        if (vocabulary.Unknown is { } unknown)
        {
            metadata.Set(GgufKeys.UnknownTokenId, GgufValue.Of((uint)unknown));
        }
        if (vocabulary.Padding is { } padding)
        {
            metadata.Set(GgufKeys.PaddingTokenId, GgufValue.Of((uint)padding));
        }
        return metadata
            .Set(GgufKeys.AddBos, GgufValue.Of(vocabulary.AddBos))
            .Set(GgufKeys.AddEos, GgufValue.Of(false))
            .Set(GgufKeys.ChatTemplate, GgufValue.Of(spec.ChatTemplate ?? vocabulary.ChatTemplate));
    }

    /// <summary>llama_ftype of a model whose matrices are <paramref name="type"/>.</summary>
    public static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        GgmlType.BF16 => 32,
        _ => throw new NotSupportedException($"no llama file type for {type}"),
    };

    /// <summary>Seeded Gaussian numbers (Box–Muller), the same on every machine.</summary>
    private sealed class Normal(int seed, float scale)
    {
        private readonly Random random = new(seed);

        public float[] Next(int count)
        {
            var values = new float[count];
            for (var i = 0; i < count; i += 2)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var radius = Math.Sqrt(-2.0 * Math.Log(u1)) * scale;
                values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < count)
                {
                    values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
                }
            }
            return values;
        }
    }
}
