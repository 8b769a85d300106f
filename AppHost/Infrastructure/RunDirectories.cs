using System.Diagnostics;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>
/// Per-run folders (<c>run-&lt;time&gt;-&lt;pid&gt;</c>) for servers whose state must not outlive the AppHost run.
/// Folders of runs whose AppHost process is gone are removed when a new run starts.
/// </summary>
internal static class RunDirectories
{
    public static string CreateFor(string parent)
    {
        foreach (var stale in Directory.EnumerateDirectories(parent, "run-*").Where(IsAbandoned))
        {
            Directory.Delete(stale, recursive: true);
        }
        var run = Path.Combine(parent, $"run-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}-{Random.Shared.Next(1000):000}");
        Directory.CreateDirectory(run);
        return run;
    }

    private static bool IsAbandoned(string directory)
    {
        var parts = Path.GetFileName(directory).Split('-');
        if (parts.Length < 3 || !int.TryParse(parts[2], out var pid))
        {
            return false;
        }
        try
        {
            using var owner = Process.GetProcessById(pid);
            return owner.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
