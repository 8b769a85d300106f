using System.Text.Json.Nodes;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Cli.UnitTests;

/// <summary><c>lab model inspect|create-test-model</c>: real files written and read back, exit codes and messages.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("lab-model");

    [Fact]
    public async Task CreatedModelHasTheRequestedShape()
    {
        var path = folder.Combine("5m.gguf");

        var (exitCode, output) = await LabRun.RunAsync("model", "create-test-model", path, "--preset", "5m", "--untied", "--weight-type", "q8_0");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var file = GgufFile.Open(path);
        // 6 layers of width 256 with 2 of 4 heads for K/V, FFN 768, 2,048 tokens, separate head, F32 norms.
        const long perLayer = 256 * 256 * 2 + 256 * 128 * 2 + 768 * 256 * 3 + 256 * 2;
        Assert.Equal(6 * perLayer + 2048 * 256 * 2 + 256, file.Tensors.Sum(t => t.ElementCount));
        Assert.Equal(GgmlType.Q8_0, file.Tensor("output.weight")!.Type);
        Assert.Equal(6, file.Metadata.Integer("llama.block_count"));
        Assert.Contains($"Wrote {path}: instructlab-aspire-5m, 5.77M parameters (llama, 6 layers × 256, 4/2 heads, Q8_0)", output);
    }

    [Fact]
    public async Task CreateTestModelPrintsJsonForScripts()
    {
        var path = folder.Combine("tiny.gguf");

        var (exitCode, output) = await LabRun.RunAsync("model", "create-test-model", path, "--preset", "tiny", "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var json = JsonNode.Parse(output)!;
        Assert.Equal((path, GgufFile.Open(path).Tensors.Sum(t => t.ElementCount), new FileInfo(path).Length),
            ((string)json["path"]!, (long)json["parameters"]!, (long)json["bytes"]!));
    }

    [Fact]
    public async Task SameSeedSameBytes()
    {
        string[] shape = ["--preset", "tiny", "--vocabulary", "spm", "--architecture", "qwen2"];
        await LabRun.RunAsync(["model", "create-test-model", folder.Combine("a.gguf"), .. shape]);
        await LabRun.RunAsync(["model", "create-test-model", folder.Combine("b.gguf"), .. shape]);
        await LabRun.RunAsync(["model", "create-test-model", folder.Combine("c.gguf"), .. shape, "--seed", "7"]);

        Assert.Equal(File.ReadAllBytes(folder.Combine("a.gguf")), File.ReadAllBytes(folder.Combine("b.gguf")));
        Assert.NotEqual(File.ReadAllBytes(folder.Combine("a.gguf")), File.ReadAllBytes(folder.Combine("c.gguf")));
    }

    [Fact]
    public async Task ExistingFileIsKeptWithoutForce()
    {
        var path = folder.Combine("model.gguf");
        File.WriteAllText(path, "keep me");

        var refused = await LabRun.RunAsync("model", "create-test-model", path);

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains($"{path} exists; pass --force to overwrite it.", refused.Output);
        Assert.Equal("keep me", File.ReadAllText(path));
        Assert.Equal(ExitCodes.Ok, (await LabRun.RunAsync("model", "create-test-model", path, "--force")).ExitCode);
        Assert.Equal(3u, GgufFile.Open(path).Version);
    }

    [Theory]
    [InlineData("--heads", "5", "width 64 must be a multiple of heads 5")]
    [InlineData("--weight-type", "Q4_K", "weight_type Q4_K: allowed are F32, F16, BF16, Q8_0, Q4_0")]
    [InlineData("--weight-type", "fp8", "--weight-type 'fp8': allowed are F32, F16, BF16, Q8_0, Q4_0.")]
    [InlineData("--preset", "7b", "--preset '7b': allowed are tiny, 5m, 135m.")]
    [InlineData("--vocabulary", "wordpiece", "--vocabulary 'wordpiece': allowed are bpe, spm.")]
    public async Task ImpossibleShapesAreRefusedByName(string option, string value, string message)
    {
        var path = folder.Combine("bad.gguf");

        var (exitCode, output) = await LabRun.RunAsync("model", "create-test-model", path, option, value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(message, output);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task InspectPrintsSummaryMetadataAndTensors()
    {
        var path = folder.Combine("tiny.gguf");
        await LabRun.RunAsync("model", "create-test-model", path, "--layers", "3", "--name", "inspected");

        var (exitCode, output) = await LabRun.RunAsync("model", "inspect", path);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("name           inspected", output);
        Assert.Contains("heads          4 (key/value 2)", output);
        Assert.Contains("tokenizer      gpt2 (gpt-2), 512 tokens", output);
        Assert.Contains("│ llama.block_count ", output);
        Assert.Contains("│ blk.2.ffn_down.weight ", output);
        Assert.DoesNotContain("blk.3.", output);
    }

    [Fact]
    public async Task InspectJsonOfTheSharedModel()
    {
        var path = SharedFiles.RequireModel("stories260K.gguf");

        var (exitCode, output) = await LabRun.RunAsync("model", "inspect", path, "--json");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(292_800, (long)json["summary"]!["parameter_count"]!);
        Assert.Equal("llama", (string)json["summary"]!["tokenizer_model"]!);
        Assert.Equal(512, (long)json["metadata"]!["tokenizer.ggml.tokens"]!["count"]!);
        Assert.Equal("<s>", (string)json["metadata"]!["tokenizer.ggml.tokens"]!["head"]![1]!);
        Assert.Equal(48, json["tensors"]!.AsArray().Count);
        Assert.Equal(new[] { 512L, 64L }, json["tensors"]![0]!["shape"]!.AsArray().Select(d => (long)d!));
    }

    [Fact]
    public async Task InspectOfACutFileNamesFileAndOffset()
    {
        var whole = folder.Combine("whole.gguf");
        await LabRun.RunAsync("model", "create-test-model", whole);
        var cut = folder.Combine("cut.gguf");
        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..1000]);

        var (exitCode, output) = await LabRun.RunAsync("model", "inspect", cut);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains($"error: {cut}: not a valid GGUF file at byte ", output.ReplaceLineEndings(""));
    }

    public void Dispose() => folder.Dispose();
}
