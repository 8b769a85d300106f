namespace InstructLab.Aspire.Training.Data;

/// <summary>One turn of a training sample: system, user, assistant, or pretraining (raw text trained on whole).</summary>
public sealed record TrainingMessage(string Role, string Content)
{
    public static readonly IReadOnlyList<string> Roles = ["system", "user", "assistant", "pretraining"];
}
