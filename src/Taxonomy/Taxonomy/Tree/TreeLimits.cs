namespace InstructLab.Aspire.Taxonomy.Tree;

/// <summary>Bounds on a walk of a taxonomy folder, so a huge or hostile tree fails fast (setting section <c>Taxonomy:Walk</c>).</summary>
public sealed class TreeLimits
{
    /// <summary>Most files looked at under compositional_skills/, foundational_skills/ and knowledge/ (InstructLab's taxonomy: about 1,500).</summary>
    public int MaxFiles { get; set; } = 100_000;

    /// <summary>Most bytes of qna.yaml files one request reads (each file is also bounded by <c>Taxonomy:Limits:MaxFileBytes</c>).</summary>
    public long MaxTotalBytes { get; set; } = 256L << 20;
}
