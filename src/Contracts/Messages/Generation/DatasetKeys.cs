namespace InstructLab.Aspire.Contracts.Messages.Generation;

/// <summary>Where a generated dataset's files are in the artifact store, and how many lines the training files have.</summary>
public sealed record DatasetKeys
{
    /// <summary>Phase 1: <c>knowledge_train_msgs.jsonl</c>.</summary>
    public required string KnowledgeKey { get; init; }

    /// <summary>Phase 2: <c>skills_train_msgs.jsonl</c> (skills, knowledge recall, replay).</summary>
    public required string SkillsKey { get; init; }

    /// <summary>The data card as JSON.</summary>
    public required string DataCardKey { get; init; }

    /// <summary>The data card as Markdown.</summary>
    public required string DataCardMarkdownKey { get; init; }

    /// <summary>Per leaf, every kept row with all its columns.</summary>
    public required IReadOnlyList<string> LeafKeys { get; init; }

    /// <summary>Lines of the phase-1 file.</summary>
    public required long KnowledgeLines { get; init; }

    /// <summary>Lines of the phase-2 file.</summary>
    public required long SkillsLines { get; init; }

    /// <summary>The knowledge leaves' MMLU-branch questions (<c>mmlu_branch.jsonl</c>); empty when none were asked for.</summary>
    public string MmluBranchKey { get; init; } = "";

    /// <summary>Questions in the MMLU-branch file.</summary>
    public long MmluBranchLines { get; init; }
}
