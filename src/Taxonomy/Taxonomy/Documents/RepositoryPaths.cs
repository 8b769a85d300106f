namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Path arithmetic inside a repository, where nothing may climb above the root.</summary>
internal static class RepositoryPaths
{
    /// <summary>
    /// The repository path a symbolic link at <paramref name="linkPath"/> pointing to <paramref name="target"/> names,
    /// or null when it leaves the repository (absolute, or too many '..').
    /// </summary>
    public static string? ResolveLink(string linkPath, string target)
    {
        if (target.StartsWith('/') || (target.Length > 1 && target[1] == ':'))
        {
            return null;
        }
        var segments = new List<string>(linkPath.Split('/')[..^1]);
        foreach (var segment in target.Replace('\\', '/').Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count == 0)
                    {
                        return null;
                    }
                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }
        return string.Join('/', segments);
    }

    public static bool IsInside(string root, string path)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(path);
        return full.StartsWith(fullRoot, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == fullRoot;
    }
}
