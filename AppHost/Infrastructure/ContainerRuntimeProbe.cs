using System.Diagnostics;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>
/// Whether a container runtime answers. Aspire has no fallback of its own: container resources on a machine without
/// a running engine stay "Runtime unhealthy" and everything waiting for them waits forever.
/// </summary>
internal static class ContainerRuntimeProbe
{
    public static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // the CLI is not installed
        }
    }
}
