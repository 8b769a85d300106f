namespace InstructLab.Aspire.Judging.Rubrics;

/// <summary>One score a rubric can give; <see cref="Label"/> is what the judge writes where the rubric uses words.</summary>
public sealed record RubricScore(double Value, string Label, string Meaning);
