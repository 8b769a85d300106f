using System.Globalization;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Inspection;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>Human output of <c>lab model inspect</c>: a summary block, the metadata, then the tensor table.</summary>
internal static class ModelPrinter
{
    public static void Print(IAnsiConsole console, GgufFile file, GgufSummary summary, bool withTensors)
    {
        var shape = new Grid().AddColumn().AddColumn();
        void Row(string label, object? value)
        {
            if (value is not null)
            {
                shape.AddRow($"[bold]{label}[/]", Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }
        Row("file", $"{summary.Path} (GGUF v{summary.Version}, {Bytes(summary.FileBytes)})");
        Row("name", summary.Name);
        Row("architecture", summary.Architecture);
        Row("parameters", $"{Count(summary.ParameterCount)} in {file.Tensors.Count} tensors, {Bytes(summary.TensorBytes)}");
        Row("types", string.Join(", ", summary.Types.Select(t => $"{t.Type} ×{t.Tensors} ({Share(t.Parameters, summary.ParameterCount)})")));
        Row("layers", summary.BlockCount);
        Row("width", summary.EmbeddingLength);
        Row("feed forward", summary.FeedForwardLength);
        Row("heads", summary.HeadCount is { } heads ? $"{heads} (key/value {summary.KeyValueHeadCount ?? heads})" : null);
        Row("context", summary.ContextLength);
        Row("rope base", summary.RopeFreqBase);
        Row("tokenizer", summary.TokenizerModel is null ? null
            : $"{summary.TokenizerModel}{(summary.TokenizerPre is { } pre ? $" ({pre})" : "")}, {summary.VocabularySize} tokens"
              + (summary.MergeCount is { } merges ? $", {merges} merges" : ""));
        Row("bos / eos", summary.BosTokenId is null && summary.EosTokenId is null ? null : $"{summary.BosTokenId} / {summary.EosTokenId}");
        Row("chat template", summary.HasChatTemplate ? "yes" : "no");
        console.Write(shape);
        console.WriteLine();

        var metadata = new Table().Title("metadata").AddColumn("key").AddColumn("type").AddColumn("value");
        foreach (var (key, value) in file.Metadata.Entries)
        {
            var type = value.Type == GgufValueType.Array ? $"{value.ElementType}[{value.Count}]" : value.Type.ToString();
            metadata.AddRow(Markup.Escape(key), Markup.Escape(type), Markup.Escape(Shorten(value.ToString())));
        }
        console.Write(metadata);

        if (withTensors)
        {
            var tensors = new Table().Title("tensors").AddColumn("name").AddColumn("type").AddColumn("shape")
                .AddColumn(new TableColumn("parameters").RightAligned()).AddColumn(new TableColumn("offset").RightAligned());
            foreach (var tensor in file.Tensors)
            {
                tensors.AddRow(Markup.Escape(tensor.Name), tensor.Type.ToString(), string.Join(" × ", tensor.Shape),
                    tensor.ElementCount.ToString("N0", CultureInfo.InvariantCulture), (file.DataOffset + (long)tensor.Offset).ToString(CultureInfo.InvariantCulture));
            }
            console.Write(tensors);
        }
    }

    /// <summary>One line, at most 80 characters: a chat template is a page of Jinja.</summary>
    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings("⏎");
        return line.Length <= 80 ? line : line[..79] + "…";
    }

    public static string Count(long parameters) => parameters switch
    {
        >= 1_000_000_000 => $"{parameters / 1e9:0.##}B",
        >= 1_000_000 => $"{parameters / 1e6:0.##}M",
        >= 1_000 => $"{parameters / 1e3:0.##}K",
        _ => parameters.ToString(CultureInfo.InvariantCulture),
    };

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes} B",
    };

    private static string Share(long part, long whole) => whole == 0 ? "0%" : $"{100.0 * part / whole:0.#}%";
}
