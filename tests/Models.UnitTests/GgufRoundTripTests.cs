using System.Security.Cryptography;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>Real GGUF files read and written back are the same bytes: metadata, tensor infos, alignment and data.</summary>
public sealed class GgufRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("gguf");

    public static TheoryData<string> SharedModels() =>
    [
        "stories260K.gguf", "llama-2-tiny-random.gguf", "synthetic/tiny-random-llama-gpt2bpe-chatml.gguf",
        "vocab/ggml-vocab-gpt-2.gguf", "vocab/ggml-vocab-llama-spm.gguf", "vocab/ggml-vocab-starcoder.gguf",
    ];

    [Theory]
    [MemberData(nameof(SharedModels))]
    public void ReadThenWriteGivesTheSameFile(string model)
    {
        var path = SharedFiles.RequireModel(model.Split('/'));
        var file = GgufFile.Open(path);
        var copy = folder.Combine(Path.GetFileName(path));

        GgufWriter.Write(copy, file.Metadata, [.. file.Tensors.Select(t => new GgufTensorData(t.Name, t.Dimensions, t.Type, () => file.ReadBytes(t)))], file.Version);

        Assert.Equal(new FileInfo(path).Length, new FileInfo(copy).Length);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(path)), SHA256.HashData(File.ReadAllBytes(copy)));
        var reread = GgufFile.Open(copy);
        Assert.Equal(file.Metadata.Entries.Select(e => (e.Key, e.Value.Type, e.Value.ElementType, e.Value.Count)),
            reread.Metadata.Entries.Select(e => (e.Key, e.Value.Type, e.Value.ElementType, e.Value.Count)));
    }

    [Fact]
    public void Stories260KReadsAsTheModelItIs()
    {
        var file = GgufFile.Open(SharedFiles.RequireModel("stories260K.gguf"));

        Assert.Equal("llama", file.Metadata.String(GgufKeys.Architecture));
        Assert.Equal((5, 64, 172, 8, 4), ((int)file.Metadata.Integer("llama.block_count")!, (int)file.Metadata.Integer("llama.embedding_length")!,
            (int)file.Metadata.Integer("llama.feed_forward_length")!, (int)file.Metadata.Integer("llama.attention.head_count")!,
            (int)file.Metadata.Integer("llama.attention.head_count_kv")!));
        Assert.Equal(512, file.Metadata[GgufKeys.Tokens]!.AsStrings().Length);
        Assert.Equal(48, file.Tensors.Count);
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
        var embedding = file.Tensor("token_embd.weight")!;
        Assert.Equal([512L, 64L], embedding.Shape);
        Assert.Equal(512 * 64, file.ReadFloats(embedding).Length);
    }

    public void Dispose() => folder.Dispose();
}
