namespace InstructLab.Aspire.Judging.Rubrics;

/// <summary>The rubrics of the LAB method's filters and of checkpoint evaluation, with this project's own wording.</summary>
public static class BuiltinRubrics
{
    private const string JudgeSystem =
        "You are an impartial reviewer of training data for a language model. You judge strictly by the rubric you are given and explain your reasons briefly.";

    public static Rubric QuestionQuality { get; } = new()
    {
        Name = "question_quality",
        Description = "Is the question clear, self-contained and answerable (with its document, where one is given)? 0 or 1.",
        Reads = ["question", "context"],
        OptionalContext = true,
        Scores =
        [
            new(0, "bad", "the question is vague, ambiguous, needs information it does not give, or is not a question"),
            new(1, "good", "the question is clear and self-contained, and a careful person could answer it"),
        ],
        System = JudgeSystem,
        Task = "Judge the quality of the question below as a request a user could send to an assistant. When a document is given, the question must be answerable from it.",
    };

    public static Rubric AnswerRating { get; } = new()
    {
        Name = "answer_rating",
        Description = "How well does the answer serve the question? 1 (poor) to 3 (excellent).",
        Reads = ["question", "answer", "context"],
        OptionalContext = true,
        Scores =
        [
            new(1, "poor", "wrong, unhelpful, off-topic or unsafe"),
            new(2, "acceptable", "correct and on-topic but incomplete, unclear or badly written"),
            new(3, "excellent", "correct, complete, clear and well written"),
        ],
        System = JudgeSystem,
        Task = "Rate the answer to the question below as an assistant's reply. When a document is given, the answer must agree with it.",
    };

    public static Rubric Faithfulness { get; } = new()
    {
        Name = "faithfulness",
        Description = "Does every claim of the answer follow from the document? no or yes.",
        Reads = ["question", "answer", "context"],
        Labelled = true,
        Scores =
        [
            new(0, "no", "the answer states something the document does not support, or contradicts it"),
            new(1, "yes", "everything the answer states is supported by the document"),
        ],
        System = JudgeSystem,
        Task = "Check whether the answer below is faithful to the document: every fact it states must be stated in, or follow directly from, the document.",
    };

    public static Rubric Relevancy { get; } = new()
    {
        Name = "relevancy",
        Description = "Does the answer address what the question asks? 0 (not at all) to 2 (fully and only that).",
        Reads = ["question", "answer"],
        Scores =
        [
            new(0, "irrelevant", "the answer does not address the question"),
            new(1, "partly", "the answer addresses the question in part, or wanders off it"),
            new(2, "relevant", "the answer addresses exactly what the question asks"),
        ],
        System = JudgeSystem,
        Task = "Judge how relevant the answer below is to its question, whatever its correctness.",
    };

    public static Rubric Score { get; } = new()
    {
        Name = "score",
        Description = "An overall 1-10 score of the answer (MT-Bench style), optionally against given criteria and a reference document.",
        Reads = ["question", "answer", "context"],
        OptionalContext = true,
        Scores = [.. Enumerable.Range(1, 10).Select(score => new RubricScore(score, $"{score}", score switch
        {
            1 => "useless or harmful",
            <= 3 => "mostly wrong or unhelpful",
            <= 5 => "partly right, with real errors or gaps",
            <= 7 => "right and useful, with minor flaws",
            <= 9 => "right, complete and clear",
            _ => "as good as an expert's answer",
        }))],
        System = JudgeSystem,
        Task = "Score the assistant's answer to the question below for helpfulness, correctness, depth and clarity.",
    };

    /// <summary>
    /// MMLU-branch questions' answerability: the judge answers the multiple-choice question (its options in the
    /// question, lettered A-D) from the document alone; a question is kept when the judge picks the intended letter.
    /// </summary>
    public static Rubric MultipleChoiceAnswer { get; } = new()
    {
        Name = "mc_answer",
        Description = "Which option (A-D) of the multiple-choice question does the document support? The judge's pick is checked against the intended answer.",
        Reads = ["question", "context"],
        Labelled = true,
        Scores =
        [
            new(0, "A", "option A is the one the document supports"),
            new(1, "B", "option B is the one the document supports"),
            new(2, "C", "option C is the one the document supports"),
            new(3, "D", "option D is the one the document supports"),
        ],
        System = JudgeSystem,
        Task = "Answer the multiple-choice question below using only the document: pick the one option the document supports. Explain in a sentence which passage decides it.",
    };

    public static IReadOnlyList<Rubric> All { get; } = [QuestionQuality, AnswerRating, Faithfulness, Relevancy, Score, MultipleChoiceAnswer];

    /// <summary>The rubric of that name; throws <see cref="JudgeException"/> naming the allowed ones.</summary>
    public static Rubric Get(string name) =>
        All.FirstOrDefault(r => r.Name == name)
        ?? throw new JudgeException("rubric", $"unknown rubric '{name}' (allowed: {string.Join(", ", All.Select(r => r.Name))})");
}
