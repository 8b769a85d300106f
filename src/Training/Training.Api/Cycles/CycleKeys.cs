namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>Where a cycle keeps things: its plan and report in the artifact store, its state and indexes in Redis.</summary>
public static class CycleKeys
{
    public const string StateKeyPrefix = "cycle:state:";

    public static string Folder(Guid cycle) => $"cycles/{cycle:N}/";

    public static string Plan(Guid cycle) => $"{Folder(cycle)}plan.json";

    public static string ReportJson(Guid cycle) => $"{Folder(cycle)}report.json";

    public static string ReportMarkdown(Guid cycle) => $"{Folder(cycle)}report.md";

    /// <summary>A base model that is not in the artifact store, uploaded so serving can answer with it in the evaluation.</summary>
    public static string BaseModel(Guid cycle) => $"{Folder(cycle)}base/model.gguf";

    /// <summary>A stage's job → the cycle that started it (how a job's end finds its cycle).</summary>
    public static string JobOwner(Guid job) => $"cycle:job:{job:N}";

    /// <summary>The API keys of the cycle's teacher and judge (never in the plan).</summary>
    public static string Secrets(Guid cycle) => $"cycle:secrets:{cycle:N}";

    /// <summary>The phase-2 data of the newest completed cycle that published this model id: the next cycle's replay buffer.</summary>
    public static string Replay(string modelId) => $"cycle:replay:{modelId}";
}
