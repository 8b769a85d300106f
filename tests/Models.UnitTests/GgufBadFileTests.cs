using System.Text;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Models.UnitTests;

/// <summary>Broken and hostile files fail with the file and the byte offset named, never a crash or a huge allocation.</summary>
public sealed class GgufBadFileTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("bad-gguf");

    [Theory]
    [InlineData(2, "ends after 2 bytes")]
    [InlineData(30, "tensor count of 48 does not fit in the 14 bytes left in the file")]
    [InlineData(5000, "the file ends after 5000 bytes")]
    public void TruncatedHeadersNameTheOffset(int keep, string message)
    {
        var path = Write("truncated.gguf", File.ReadAllBytes(SharedFiles.RequireModel("stories260K.gguf"))[..keep]);

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
        Assert.StartsWith($"{path}: not a valid GGUF file at byte ", error.Message);
    }

    [Fact]
    public void TruncatedDataNamesTheTensor()
    {
        var original = File.ReadAllBytes(SharedFiles.RequireModel("stories260K.gguf"));
        var path = Write("short-data.gguf", original[..^1000]);

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Contains("ends past the end of the file", error.Message);
        Assert.Contains("tensor '", error.Message);
    }

    [Fact]
    public void AWrongMagicIsNamed()
    {
        var path = Write("magic.gguf", "GGML\x03\x00\x00\x00"u8.ToArray());

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Equal(0, error.Offset);
        Assert.Contains("magic bytes 'GGUF'", error.Message);
    }

    [Fact]
    public void AnUnknownTensorTypeIsNamedWithItsOffset()
    {
        var path = Write("type.gguf", Header(tensors: 1, metadata: 0, body: w =>
        {
            Str(w, "weights");
            w.Write(1u);
            w.Write(32ul);
            w.Write(99u);  // no such ggml type, at byte 24 + 15 + 4 + 8
            w.Write(0ul);
        }));

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Equal(24 + 8 + 7 + 4 + 8, error.Offset);
        Assert.Contains("tensor 'weights' has unknown ggml type 99", error.Message);
    }

    [Fact]
    public void AnUnknownValueTypeIsNamed()
    {
        var path = Write("value.gguf", Header(tensors: 0, metadata: 1, body: w =>
        {
            Str(w, "general.name");
            w.Write(77u);
        }));

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Contains("unknown metadata value type 77", error.Message);
    }

    [Fact]
    public void AHugeLengthIsRefusedBeforeAnyAllocation()
    {
        var path = Write("huge.gguf", Header(tensors: 0, metadata: 1, body: w => w.Write(1ul << 40)));

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Contains("metadata key of 1099511627776 does not fit", error.Message);
    }

    [Fact]
    public void ATensorNamedTwiceIsNamedWithItsOffset()
    {
        var path = Write("twice.gguf", Header(tensors: 2, metadata: 0, body: w =>
        {
            foreach (var offset in new[] { 0ul, 128ul })
            {
                Str(w, "weights");
                w.Write(1u);
                w.Write(32ul);
                w.Write((uint)GgmlType.F32);
                w.Write(offset);
            }
            w.Write(new byte[512]);
        }));

        var error = Assert.Throws<GgufFormatException>(() => GgufFile.Open(path));

        Assert.Equal(24 + 8 + 7 + 4 + 8 + 4 + 8, error.Offset);
        Assert.Contains("tensor 'weights' appears twice", error.Message);
    }

    public void Dispose() => folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = folder.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Header(ulong tensors, ulong metadata, Action<BinaryWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("GGUF"u8);
            writer.Write(3u);
            writer.Write(tensors);
            writer.Write(metadata);
            body(writer);
        }
        return stream.ToArray();
    }

    private static void Str(BinaryWriter writer, string text)
    {
        writer.Write((ulong)Encoding.UTF8.GetByteCount(text));
        writer.Write(Encoding.UTF8.GetBytes(text));
    }
}
