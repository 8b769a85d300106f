namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>Which of InstructLab's schemas applies: knowledge, or compositional skills (also used for foundational skills).</summary>
public enum SchemaKind
{
    CompositionalSkills,
    Knowledge,
}
