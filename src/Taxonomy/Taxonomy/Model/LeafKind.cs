namespace InstructLab.Aspire.Taxonomy.Model;

/// <summary>What a taxonomy leaf teaches, which decides its generation pipeline.</summary>
public enum LeafKind
{
    /// <summary>knowledge/…: Q&amp;A grounded in documents.</summary>
    Knowledge,

    /// <summary>compositional_skills/… without context: new questions like the seeds.</summary>
    FreeformSkill,

    /// <summary>compositional_skills/… whose seeds have a context: contexts, then questions grounded in them.</summary>
    GroundedSkill,

    /// <summary>foundational_skills/…</summary>
    FoundationalSkill,
}
