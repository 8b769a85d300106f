namespace InstructLab.Aspire.TestSupport;

/// <summary>Processes of this machine, read from /proc.</summary>
public static class ProcessTable
{
    public sealed record Entry(int ProcessId, string Name, string WorkingDirectory);

    /// <summary>Processes whose working directory is <paramref name="directory"/> or below it.</summary>
    public static IReadOnlyList<Entry> WorkingUnder(string directory)
    {
        var root = Path.GetFullPath(directory).TrimEnd('/') + "/";
        var found = new List<Entry>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }
            try
            {
                var cwd = new FileInfo(Path.Combine(entry, "cwd")).LinkTarget;
                if (cwd is not null && (cwd + "/").StartsWith(root, StringComparison.Ordinal))
                {
                    found.Add(new Entry(pid, File.ReadAllText(Path.Combine(entry, "comm")).Trim(), cwd));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to inspect.
            }
        }
        return found;
    }

    public static bool IsAlive(int processId) => Directory.Exists($"/proc/{processId}") && !IsZombie(processId);

    private static bool IsZombie(int processId)
    {
        try
        {
            // Field 3 of /proc/<pid>/stat is the state; Z is a zombie waiting to be reaped by its parent.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
