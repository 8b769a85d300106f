using System.Text.RegularExpressions;
using InstructLab.Aspire.Gguf.Format;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>A job's plan as the engine's request, on the local files a worker (or the submit check) has fetched.</summary>
public static partial class EngineRequests
{
    public static TrainingRequest For(TrainingPlan plan, LocalInputs inputs, string output, string checkpoints, TrainingOptions options) => new()
    {
        BaseModel = inputs.BaseModel,
        KnowledgeData = inputs.KnowledgeData,
        SkillsData = inputs.SkillsData,
        Output = output,
        CheckpointDirectory = checkpoints,
        CandidateDirectory = plan.ScoreCandidates ? Path.Combine(Path.GetDirectoryName(output)!, "candidates") : null,
        MaxCandidates = plan.MaxCandidates,
        Strategy = plan.Strategy,
        Knowledge = plan.Knowledge,
        Skills = plan.Skills,
        ChatTemplate = plan.ChatTemplate,
        MaxSequenceLength = plan.MaxSequenceLength,
        SkipBadLines = plan.SkipBadLines,
        HeldOutFraction = plan.HeldOutFraction,
        Seed = plan.Seed,
        Lora = plan.Lora,
        ExportType = plan.ExportType is { } type ? Enum.Parse<GgmlType>(type, ignoreCase: true) : null,
        ModelName = plan.OutputModelId,
        Device = options.Device,
        Threads = options.Threads,
        BaseModelLabel = plan.BaseModel.Label,
        RunName = plan.JobId.ToString(),
        Lineage = plan.Lineage,
        DataLabels = new Dictionary<string, string>
        {
            ["knowledge"] = plan.KnowledgeKey ?? "",
            ["skills"] = plan.SkillsKey ?? "",
        },
    };

    /// <summary>
    /// An engine error as the API's caller should read it: local files named by their request field and artifact key,
    /// CLI options by their field (<c>--knowledge-epochs (or --epochs)</c> → <c>knowledge.epochs</c>).
    /// </summary>
    public static string Describe(TrainingInputException e, TrainingPlan plan, LocalInputs inputs) => Describe(e.Message, plan, inputs);

    /// <inheritdoc cref="Describe(TrainingInputException, TrainingPlan, LocalInputs)"/>
    public static string Describe(string message, TrainingPlan plan, LocalInputs inputs)
    {
        message = Replace(message, inputs.KnowledgeData, $"data.knowledge_key ({plan.KnowledgeKey})");
        message = Replace(message, inputs.SkillsData, $"data.skills_key ({plan.SkillsKey})");
        message = Replace(message, inputs.BaseModel, plan.BaseModel.Label);
        message = PhaseOption().Replace(message, m => $"{m.Groups[1].Value}.{m.Groups[2].Value.Replace('-', '_')}");
        foreach (var (option, field) in Fields)
        {
            message = message.Replace(option, field, StringComparison.Ordinal);
        }
        return message;
    }

    private static readonly (string Option, string Field)[] Fields =
    [
        ("--model", "base_model"), ("--knowledge-data", "data.knowledge_key"), ("--skills-data", "data.skills_key"),
        ("--max-seq-len", "max_sequence_length"), ("--min-seq-len", "min_sequence_length"), ("--lora-rank", "lora.rank"),
        ("--lora-alpha", "lora.alpha"), ("--lora-dropout", "lora.dropout"), ("--lora-target", "lora.targets"),
        ("--output-type", "export_type"), ("--chat-template", "chat_template"), ("--strategy", "strategy"),
        ("--output", "output_model_id"), ("--held-out", "held_out_fraction"), ("lower --max-batch-tokens", "lower max_batch_tokens"),
        ("or pass --skip-memory-check to try anyway", "or run the job on a worker with more memory"),
    ];

    private static string Replace(string message, string? path, string label) =>
        path is { Length: > 0 } ? message.Replace(path, label, StringComparison.Ordinal) : message;

    [GeneratedRegex(@"--(knowledge|skills)-([a-z-]+) \(or --[a-z-]+\)")]
    private static partial Regex PhaseOption();
}

/// <summary>A job's inputs as local files.</summary>
public sealed record LocalInputs(string BaseModel, string? KnowledgeData, string? SkillsData);
