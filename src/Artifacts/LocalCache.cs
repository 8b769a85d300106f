namespace InstructLab.Aspire.Artifacts;

/// <summary>
/// A folder of downloaded artifacts kept within a size: each use marks a file as recent, and once the folder holds more
/// than its budget the least recently used files go (never the one just used). A file deleted while a process still
/// reads it stays readable on Linux until closed; the next use downloads it again.
/// </summary>
public static class LocalCache
{
    /// <summary>Marks <paramref name="path"/> as just used.</summary>
    public static void Touch(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow);

    /// <summary>Deletes the least recently used files of <paramref name="folder"/> until it holds at most <paramref name="maxBytes"/>.</summary>
    /// <returns>The files deleted.</returns>
    public static IReadOnlyList<string> Trim(string folder, long maxBytes, string keep)
    {
        var files = new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc).ToList();
        var total = files.Sum(f => f.Length);
        var deleted = new List<string>();
        foreach (var file in files)
        {
            if (total <= maxBytes)
            {
                break;
            }
            if (string.Equals(file.FullName, Path.GetFullPath(keep), StringComparison.Ordinal))
            {
                continue;
            }
            var length = file.Length;
            try
            {
                file.Delete();
                total -= length;
                deleted.Add(file.FullName);
            }
            catch (IOException)
            {
                // Another process's download finishing into it: left for the next trim.
            }
        }
        return deleted;
    }
}
