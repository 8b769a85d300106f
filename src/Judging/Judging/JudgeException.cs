namespace InstructLab.Aspire.Judging;

/// <summary>A judge request that cannot be made: names the field and what is allowed.</summary>
public sealed class JudgeException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}
