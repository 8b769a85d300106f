namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>A seed example as qna.yaml has it: an optional context and its question-answer pairs.</summary>
public sealed record PlanSeedExample(string Context, IReadOnlyList<PlanQuestionAnswer> QuestionsAndAnswers);

/// <summary>One question and its answer.</summary>
public sealed record PlanQuestionAnswer(string Question, string Answer);
