namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// The kinds of taxonomy leaf a pipeline can apply to, as written in <c>applies_to</c>, and the columns a row of each
/// kind starts with (see <see cref="Jobs.LeafRows"/>).
/// </summary>
public static class LeafKinds
{
    public const string Knowledge = "knowledge";
    public const string FreeformSkill = "freeform_skill";
    public const string GroundedSkill = "grounded_skill";
    public const string FoundationalSkill = "foundational_skill";

    public static IReadOnlyList<string> All { get; } = [Knowledge, FreeformSkill, GroundedSkill, FoundationalSkill];

    private static readonly string[] Common = [Columns.Id, Columns.Seed, "leaf", "task_description", "domain", "seed_examples"];

    /// <summary>The columns a row of that kind starts with.</summary>
    public static IReadOnlySet<string> InputColumns(string kind) => kind switch
    {
        Knowledge => Columns.With(Common, "document", "document_outline", "source_file", "chunk_index", "section", "icl_context", "icl_pairs"),
        GroundedSkill => Columns.With(Common, "seed_context", "seed_question", "seed_answer"),
        _ => Columns.With(Common, "seed_question", "seed_answer"),
    };
}
