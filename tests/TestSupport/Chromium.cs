using Xunit;

namespace InstructLab.Aspire.TestSupport;

/// <summary>
/// The browser the dashboard tests drive: <c>CHROMIUM_PATH</c>, else Debian's <c>/usr/bin/chromium</c> (the README's test
/// command installs it). Absent, the test is skipped with the reason, except under CI, where that fails it.
/// </summary>
public static class Chromium
{
    public static string RequirePath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } set ? set : "/usr/bin/chromium";
        if (File.Exists(path))
        {
            return path;
        }
        var reason = $"no chromium at {path} (apt-get install chromium, or set CHROMIUM_PATH)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason);
        }
        Assert.Skip(reason);
        return path;
    }
}
