namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>A file of a commit's tree: <c>ls-tree -r -l</c>'s mode, object id, size and path.</summary>
public sealed record GitTreeEntry(string Mode, string ObjectId, long Size, string Path)
{
    public bool IsSymlink => Mode == "120000";
}
