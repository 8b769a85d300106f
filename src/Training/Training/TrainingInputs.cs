using System.Security.Cryptography;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.Gguf.Quantization;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Phases;
using InstructLab.Aspire.Training.Progress;

namespace InstructLab.Aspire.Training;

/// <summary>
/// A request checked and read: the base model's file and shape, its chat template, each phase's encoded samples and
/// plan, and the hashes the model card names. Every problem is a <see cref="TrainingInputException"/> naming the
/// file, line or option, raised before anything is written.
/// </summary>
internal sealed record TrainingInputs
{
    public required GgufFile File { get; init; }

    public required LlamaConfig Config { get; init; }

    public required string BaseHash { get; init; }

    public required IReadOnlyList<(PhasePlan Plan, List<EncodedSample> Samples)> Phases { get; init; }

    public required IReadOnlyList<string> DataHashes { get; init; }

    /// <summary>The last phase's held-out samples (see <see cref="TrainingRequest.HeldOutFraction"/>); empty when none.</summary>
    public required IReadOnlyList<EncodedSample> HeldOut { get; init; }

    public required int MaxSequenceLength { get; init; }

    public required string TemplateDescription { get; init; }

    /// <summary>The model has no template and none was given: the default is used and goes into the export.</summary>
    public required bool DefaultTemplate { get; init; }

    public static TrainingInputs Prepare(TrainingRequest request, IProgress<TrainingEvent> progress)
    {
        var phases = PhaseFiles(request);
        request.Lora?.Validate();
        if (request.ExportType is { } type && !Quantizer.Supported.Contains(type))
        {
            throw new TrainingInputException($"--output-type {type}: allowed are F32, F16, BF16, Q8_0, Q4_0.");
        }
        if (!request.Output.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || Directory.Exists(request.Output))
        {
            throw new TrainingInputException($"--output {request.Output}: must be a .gguf file path.");
        }
        var (file, config) = OpenModel(request.BaseModel);
        var maxLength = request.MaxSequenceLength ?? Math.Min(4096, config.ContextLength);
        if (maxLength > config.ContextLength || maxLength < 2 || request.MinSequenceLength < 1 || request.MinSequenceLength > maxLength)
        {
            throw new TrainingInputException(
                $"--max-seq-len {maxLength} / --min-seq-len {request.MinSequenceLength}: need 1 ≤ min ≤ max ≤ the model's context of {config.ContextLength} tokens.");
        }
        foreach (var (phase, _, settings) in phases)
        {
            settings.Validate(phase);
            if (settings.MaxBatchTokens < maxLength)
            {
                throw new TrainingInputException($"--{phase}-max-batch-tokens {settings.MaxBatchTokens}: must be at least --max-seq-len ({maxLength}), or the longest samples fit no micro-batch.");
            }
        }

        using var tokenizer = OpenTokenizer(request.BaseModel);
        var embedded = file.Metadata.String(GgufKeys.ChatTemplate);
        var template = ChatTemplate.Create(embedded, request.ChatTemplate, tokenizer.SpecialText(tokenizer.Bos), tokenizer.SpecialText(tokenizer.Eos));
        var description = request.ChatTemplate is { Length: > 0 } ? "given with --chat-template" : "the model's own";
        if (template is null)
        {
            progress.Report(new TrainingNotice($"{request.BaseModel} has no chat template; training with InstructLab's default (<|system|>/<|user|>/<|assistant|>, EOS after each answer), which the exported model carries.", Warning: true));
            template = ChatTemplate.Create(DefaultChatTemplate.Source, null, tokenizer.SpecialText(tokenizer.Bos), tokenizer.SpecialText(tokenizer.Eos))!;
            description = "InstructLab's default (the base model has none)";
        }
        var encoder = new SampleEncoder(template, tokenizer);
        if (request.HeldOutFraction is < 0 or >= 0.5 || double.IsNaN(request.HeldOutFraction))
        {
            throw new TrainingInputException($"--held-out {request.HeldOutFraction}: must be from 0 (none) to below 0.5.");
        }
        var prepared = phases.Select((p, i) => PhaseData.Prepare(p.Phase, i, p.File, p.Settings, encoder, maxLength, request.MinSequenceLength, request.SkipBadLines,
            i == phases.Count - 1 ? request.HeldOutFraction : 0, request.Seed)).ToList();
        foreach (var warning in prepared.SelectMany(p => p.Plan.Warnings))
        {
            progress.Report(new TrainingNotice(warning, Warning: true));
        }
        return new TrainingInputs
        {
            File = file,
            Config = config,
            BaseHash = Sha256(request.BaseModel),
            Phases = [.. prepared.Select(p => (p.Plan, p.Samples))],
            HeldOut = prepared[^1].HeldOut,
            DataHashes = [.. phases.Select(p => Sha256(p.File))],
            MaxSequenceLength = maxLength,
            TemplateDescription = description,
            DefaultTemplate = template is not null && embedded is null && request.ChatTemplate is not { Length: > 0 },
        };
    }

    private static List<(string Phase, string File, PhaseSettings Settings)> PhaseFiles(TrainingRequest request)
    {
        string Require(string? path, string option, string strategy) => path is { Length: > 0 }
            ? path
            : throw new TrainingInputException($"--strategy {strategy} needs {option}.");
        return request.Strategy switch
        {
            TrainingStrategy.LabMultiphase =>
            [
                ("knowledge", Require(request.KnowledgeData, "--knowledge-data", "lab-multiphase (or use skills-only)"), request.Knowledge),
                ("skills", Require(request.SkillsData, "--skills-data", "lab-multiphase (or use knowledge-only)"), request.Skills),
            ],
            TrainingStrategy.KnowledgeOnly => [("knowledge", Require(request.KnowledgeData, "--knowledge-data", "knowledge-only"), request.Knowledge)],
            _ => [("skills", Require(request.SkillsData, "--skills-data", "skills-only"), request.Skills)],
        };
    }

    private static (GgufFile File, LlamaConfig Config) OpenModel(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new TrainingInputException($"--model {path}: the file does not exist.");
        }
        try
        {
            var file = GgufFile.Open(path);
            return (file, LlamaConfig.FromGguf(file));
        }
        catch (Exception e) when (e is GgufFormatException or InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new TrainingInputException($"--model {path}: {e.Message}", e);
        }
    }

    private static GgufTokenizer OpenTokenizer(string path)
    {
        try
        {
            return GgufTokenizer.Open(path);
        }
        catch (Exception e) when (e is not TrainingInputException)
        {
            throw new TrainingInputException($"--model {path}: llama.cpp cannot read its vocabulary ({e.Message}).", e);
        }
    }

    private static string Sha256(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
