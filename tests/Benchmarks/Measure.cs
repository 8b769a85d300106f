using System.Diagnostics;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>Times whole processes, as users experience them: start to exit, output captured.</summary>
internal static class Measure
{
    public sealed record Run(TimeSpan Elapsed, int ExitCode, string Output, string Error);

    public static async Task<Run> ProcessAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        return new Run(clock.Elapsed, process.ExitCode, await output, await error);
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
