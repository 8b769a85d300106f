using System.CommandLine;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Gguf.Format;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab model create-test-model OUTPUT</c>: writes a Llama-family GGUF with seeded random weights and its own
/// vocabulary, from a preset shape with any field overridden. The same seed gives the same file on every machine.
/// </summary>
internal static class ModelCreateTestModelCommand
{
    private static readonly Argument<string> Output = new("output") { Description = "Where to write the .gguf file." };

    private static readonly Option<string> Preset = new("--preset")
    {
        Description = $"Starting shape: {string.Join(", ", TinyModelPresets.ByName.Keys)}.",
        DefaultValueFactory = _ => "tiny",
    };

    private static readonly Option<string?> Architecture = new("--architecture") { Description = "llama or qwen2 (Q/K/V biases)." };
    private static readonly Option<int?> Layers = new("--layers") { Description = "Decoder layers." };
    private static readonly Option<int?> Width = new("--width") { Description = "Embedding width (n_embd)." };
    private static readonly Option<int?> Heads = new("--heads") { Description = "Attention heads." };
    private static readonly Option<int?> KeyValueHeads = new("--kv-heads") { Description = "Key/value heads (fewer than --heads: grouped-query attention)." };
    private static readonly Option<int?> FeedForward = new("--feed-forward") { Description = "Feed-forward width." };
    private static readonly Option<int?> VocabularySize = new("--vocab-size") { Description = "Tokens in the vocabulary (padded with reserved tokens)." };
    private static readonly Option<int?> Context = new("--context") { Description = "Context length." };
    private static readonly Option<string?> Vocabulary = new("--vocabulary") { Description = "bpe (byte-level BPE, ChatML template) or spm (SentencePiece, Llama 2 template)." };
    private static readonly Option<bool> Untied = new("--untied") { Description = "A separate output head instead of sharing the token embedding." };
    private static readonly Option<string?> WeightType = new("--weight-type") { Description = "F32, F16, BF16, Q8_0 or Q4_0." };
    private static readonly Option<int?> Seed = new("--seed") { Description = "Random seed of the weights." };
    private static readonly Option<string?> Name = new("--name") { Description = "general.name of the model." };
    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite an existing file." };
    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("create-test-model", "Write a random Llama-family GGUF (seeded weights, own vocabulary and chat template) for tests and benchmarks.");
        command.Arguments.Add(Output);
        foreach (var option in new Option[] { Preset, Architecture, Layers, Width, Heads, KeyValueHeads, FeedForward, VocabularySize, Context, Vocabulary, Untied, WeightType, Seed, Name, Force, Json })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, _) => CommandRunner.RunAsync(console, () =>
        {
            var output = Path.GetFullPath(parseResult.GetRequiredValue(Output));
            if (File.Exists(output) && !parseResult.GetValue(Force))
            {
                throw new LabException($"{output} exists; pass --force to overwrite it.");
            }
            var spec = Spec(parseResult);
            try
            {
                spec.Validate();
            }
            catch (ArgumentException e)
            {
                throw new LabException($"cannot build this shape: {e.Message}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var temporary = output + ".partial";
            var bytes = TinyModelBuilder.Build(spec, temporary);
            File.Move(temporary, output, overwrite: true);
            var file = GgufFile.Open(output);
            var parameters = file.Tensors.Sum(t => t.ElementCount);
            if (parseResult.GetValue(Json))
            {
                console.Profile.Out.Writer.WriteLine(new System.Text.Json.Nodes.JsonObject
                {
                    ["path"] = output, ["name"] = spec.Name, ["parameters"] = parameters, ["bytes"] = bytes, ["architecture"] = spec.Architecture.ToString(),
                    ["layers"] = spec.Layers, ["width"] = spec.Width, ["heads"] = spec.Heads, ["kvHeads"] = spec.KeyValueHeads, ["weightType"] = spec.WeightType.ToString(),
                }.ToJsonString());
            }
            else
            {
                console.MarkupLine($"[green]Wrote[/] {Markup.Escape(output)}: {Markup.Escape(spec.Name)}, {ModelPrinter.Count(parameters)} parameters "
                    + $"({spec.Architecture}, {spec.Layers} layers × {spec.Width}, {spec.Heads}/{spec.KeyValueHeads} heads, {spec.WeightType}), {ModelPrinter.Bytes(bytes)}");
            }
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static TinyModelSpec Spec(ParseResult parseResult)
    {
        var presetName = parseResult.GetRequiredValue(Preset);
        var spec = TinyModelPresets.ByName.TryGetValue(presetName, out var preset)
            ? preset
            : throw new LabException($"--preset '{presetName}': allowed are {string.Join(", ", TinyModelPresets.ByName.Keys)}.");
        return spec with
        {
            Architecture = parseResult.GetValue(Architecture) ?? spec.Architecture,
            Layers = parseResult.GetValue(Layers) ?? spec.Layers,
            Width = parseResult.GetValue(Width) ?? spec.Width,
            Heads = parseResult.GetValue(Heads) ?? spec.Heads,
            KeyValueHeads = parseResult.GetValue(KeyValueHeads) ?? spec.KeyValueHeads,
            FeedForward = parseResult.GetValue(FeedForward) ?? spec.FeedForward,
            VocabularySize = parseResult.GetValue(VocabularySize) ?? spec.VocabularySize,
            ContextLength = parseResult.GetValue(Context) ?? spec.ContextLength,
            Vocabulary = parseResult.GetValue(Vocabulary) switch
            {
                null => spec.Vocabulary,
                "bpe" => VocabularyKind.BytePairEncoding,
                "spm" => VocabularyKind.SentencePiece,
                var other => throw new LabException($"--vocabulary '{other}': allowed are bpe, spm."),
            },
            TiedEmbeddings = spec.TiedEmbeddings && !parseResult.GetValue(Untied),
            WeightType = parseResult.GetValue(WeightType) switch
            {
                null => spec.WeightType,
                var text when Enum.TryParse<GgmlType>(text, ignoreCase: true, out var type) => type,
                var other => throw new LabException($"--weight-type '{other}': allowed are F32, F16, BF16, Q8_0, Q4_0."),
            },
            Seed = parseResult.GetValue(Seed) ?? spec.Seed,
            Name = parseResult.GetValue(Name) ?? spec.Name,
        };
    }
}
