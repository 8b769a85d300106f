namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>Where an evaluation's objects are in the artifact store: derived from ids only, so every retry writes the same keys.</summary>
public static class EvaluationKeys
{
    public static string Plan(Guid id) => $"evaluations/{id:N}/plan.json";

    public static string Items(Guid id) => $"evaluations/{id:N}/items.json";

    public static string Results(Guid id, int batch) => $"evaluations/{id:N}/results/{batch:D5}.json";

    public static string Report(Guid id) => $"evaluations/{id:N}/report.json";

    public static string ReportMarkdown(Guid id) => $"evaluations/{id:N}/report.md";
}
