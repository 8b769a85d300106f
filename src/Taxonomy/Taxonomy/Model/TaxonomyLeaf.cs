namespace InstructLab.Aspire.Taxonomy.Model;

/// <summary>A valid taxonomy leaf: what synthetic data generation starts from.</summary>
public sealed record TaxonomyLeaf
{
    /// <summary>The qna.yaml, relative to the taxonomy root (e.g. compositional_skills/linguistics/synonyms/qna.yaml).</summary>
    public required string Path { get; init; }

    /// <summary>The leaf's folder, relative to the taxonomy root: its name in datasets.</summary>
    public string Name => System.IO.Path.GetDirectoryName(Path)?.Replace('\\', '/') ?? "";

    public required LeafKind Kind { get; init; }

    public required int Version { get; init; }

    public required string CreatedBy { get; init; }

    /// <summary>Skills: what the teacher is asked to do.</summary>
    public string? TaskDescription { get; init; }

    /// <summary>Knowledge: the subject, e.g. "History".</summary>
    public string? Domain { get; init; }

    /// <summary>Knowledge: a summary of the documents.</summary>
    public string? DocumentOutline { get; init; }

    public required IReadOnlyList<SeedExample> SeedExamples { get; init; }

    /// <summary>Knowledge: where its documents are.</summary>
    public KnowledgeDocumentRef? Document { get; init; }
}

/// <summary>A seed: a context (grounded skills, knowledge) and one (skills) or several (knowledge) Q&amp;A pairs.</summary>
public sealed record SeedExample(string? Context, IReadOnlyList<QuestionAnswer> QuestionsAndAnswers);

public sealed record QuestionAnswer(string Question, string Answer);

/// <summary>A knowledge leaf's <c>document:</c>: a repository, the commit to read it at, glob patterns in it.</summary>
public sealed record KnowledgeDocumentRef(string Repo, string Commit, IReadOnlyList<string> Patterns);
