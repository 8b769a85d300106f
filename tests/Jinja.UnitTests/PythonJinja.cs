using System.Diagnostics;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Jinja.UnitTests;

/// <summary>The oracle: Python's jinja2 with Hugging Face's chat-template settings (Oracle/render.py), many cases a run.</summary>
internal static class PythonJinja
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);

    /// <summary>Each case's output, or "error: …" when jinja2 refused it.</summary>
    public static IReadOnlyList<string> Render(IEnumerable<(string Template, JsonObject Variables)> cases)
    {
        var request = new JsonObject
        {
            ["now"] = Now.ToString("yyyy-MM-ddTHH:mm:ss"),
            ["cases"] = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
            {
                ["template"] = c.Template,
                ["variables"] = c.Variables.DeepClone(),
            })]),
        };
        var info = new ProcessStartInfo("python3", [Path.Combine(AppContext.BaseDirectory, "Oracle", "render.py")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(info)!;
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"Python's jinja2 (the oracle) did not run; eng/bootstrap.sh installs python3-jinja2.\n{error}");
        }
        return [.. JsonNode.Parse(output.Result)!.AsArray().Select(r => r!["output"] is { } o ? (string)o! : "error: " + (string)r["error"]!)];
    }
}
