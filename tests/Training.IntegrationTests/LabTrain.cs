using System.Diagnostics;
using System.Text;
using System.Text.Json;
using InstructLab.Aspire.Cli;
using InstructLab.Aspire.Gguf.Format;
using Spectre.Console;

namespace InstructLab.Aspire.Training.IntegrationTests;

/// <summary>lab model train in-process (a console that records), or as its own process (to be killed).</summary>
internal static class LabTrain
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var written = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(written) });
        console.Profile.Width = 250;
        var exitCode = await LabCli.RunAsync(["model", "train", .. args], console, TestContext.Current.CancellationToken);
        return (exitCode, written.ToString());
    }

    /// <summary>Starts <c>lab model train ARGS</c> as a child process; its output is collected into <paramref name="output"/>.</summary>
    public static Process Start(StringBuilder output, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "lab.dll"), "model", "train", .. args])
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<int> WaitAsync(Process process, TimeSpan timeout)
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    /// <summary>Every tensor's bytes, by name.</summary>
    public static Dictionary<string, byte[]> Weights(string gguf)
    {
        var file = GgufFile.Open(gguf);
        return file.Tensors.ToDictionary(t => t.Name, t => System.Runtime.InteropServices.MemoryMarshal.AsBytes(file.ReadFloats(t).AsSpan()).ToArray());
    }

    /// <summary>Numbered questions and answers, one JSON line each, with a system turn for the skills file.</summary>
    public static string WriteData(string path, int count, bool system)
    {
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i => JsonSerializer.Serialize(new
        {
            id = $"q{i}",
            messages = (system ? [new { role = "system", content = "You tell short stories." }] : Array.Empty<object>())
                .Concat([new { role = "user", content = $"What did animal number {i} find?" }, new { role = "assistant", content = $"Animal number {i} found a {(i % 3 == 0 ? "red ball" : i % 3 == 1 ? "big tree" : "little box")} in the park." }]),
            metadata = "{}",
            unmask = false,
        })));
        return path;
    }
}
