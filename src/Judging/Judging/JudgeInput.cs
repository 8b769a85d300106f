namespace InstructLab.Aspire.Judging;

/// <summary>What one judgment is about; a rubric reads only some of the fields.</summary>
public sealed record JudgeInput(string Id, string Question, string Answer = "", string Context = "", string Criteria = "");
