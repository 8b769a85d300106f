using System.Security.Cryptography;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>
/// Documents from a plain local folder without git (InstructLab users ask for this: instructlab#2182, sdg#293):
/// read as they are now. Symbolic links that lead outside the folder are refused when a pattern selects them.
/// </summary>
internal static class FolderDocuments
{
    public static DocumentSet Read(string repo, string folder, string commit, IReadOnlyList<string> patterns, DocumentOptions options)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);     // relative path → real file
        var escaping = new Dictionary<string, string>(StringComparer.Ordinal);  // relative path → link target
        Walk(folder, folder, files, escaping);
        var matched = DocumentPatterns.Match(patterns, files.Keys.Concat(escaping.Keys));
        if (matched.Count == 0)
        {
            throw new DocumentException($"document.patterns [{string.Join(", ", patterns)}] matched no file in the folder {folder}");
        }
        if (matched.Count > options.MaxDocuments)
        {
            throw new DocumentException($"document.patterns match {matched.Count} files; the limit is {options.MaxDocuments} (Taxonomy:Documents:MaxDocuments)");
        }
        var documents = matched.Select(path =>
        {
            if (escaping.TryGetValue(path, out var target))
            {
                throw new DocumentException($"document '{path}' is a symbolic link to '{target}', which is outside the folder {folder}");
            }
            var real = files[path];
            var length = new FileInfo(real).Length;
            if (length > options.MaxDocumentBytes)
            {
                throw new DocumentException($"document '{path}' is {length:N0} bytes; the limit is {options.MaxDocumentBytes:N0} (Taxonomy:Documents:MaxDocumentBytes)");
            }
            var bytes = File.ReadAllBytes(real);
            return new KnowledgeDocument(path, DocumentText.Extract(path, bytes), repo, "", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }).ToList();
        var warning = $"document.repo {folder} is a plain folder, not a git repository: its files are read as they are now"
            + (string.IsNullOrWhiteSpace(commit) ? "" : $"; commit '{commit}' is not checked");
        return new DocumentSet(documents, [warning]);
    }

    private static void Walk(string root, string directory, Dictionary<string, string> files, Dictionary<string, string> escaping)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry.Name == ".git")
            {
                continue;
            }
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            if (entry.LinkTarget is { } target)
            {
                var real = entry.ResolveLinkTarget(returnFinalTarget: true);
                if (real is null || !RepositoryPaths.IsInside(root, real.FullName))
                {
                    escaping[relative] = target;
                }
                else if (real is FileInfo { Exists: true })
                {
                    files[relative] = real.FullName;
                }
                // Links to folders inside the root are not followed: their files are listed under their real path.
                continue;
            }
            if (entry is DirectoryInfo)
            {
                Walk(root, entry.FullName, files, escaping);
            }
            else
            {
                files[relative] = entry.FullName;
            }
        }
    }
}
