using System.CommandLine;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Validates a large tree built from copies of the 27-leaf sample: `lab taxonomy validate --base empty --strict` against
/// InstructLab's own validator (instructlab/schema TaxonomyParser, with yamllint, as `ilab taxonomy diff` runs it, and
/// without it), each as a whole process on the same files.
/// </summary>
internal static class TaxonomyValidateBenchmark
{
    public static Command Command()
    {
        var copies = new Option<int>("--copies") { Description = "Copies of the 27-leaf sample (files = 27 × copies).", DefaultValueFactory = _ => 40 };
        var reference = new Option<string?>("--reference") { Description = "src/ of an instructlab/schema checkout to compare with." };
        var repetitions = new Option<int>("--repetitions") { Description = "Runs of lab (the median counts).", DefaultValueFactory = _ => 5 };
        var withLint = new Option<bool>("--reference-with-yamllint") { Description = "Also run the reference as shipped, with yamllint per file (slow).", DefaultValueFactory = _ => true };
        var command = new Command("taxonomy-validate", "Whole-process time and files/s to validate a large taxonomy.") { copies, reference, repetitions, withLint };
        command.SetAction(async parseResult =>
        {
            using var folder = new TemporaryDirectory("bench-taxonomy");
            var files = Generate(folder.Path, parseResult.GetValue(copies));
            var lab = Path.Combine(Repository.PathOf("src", "Cli", "bin", Repository.BuildConfiguration, "net10.0", "linux-x64"), "lab.dll");
            var ours = new List<Measure.Run>();
            for (var i = 0; i < parseResult.GetValue(repetitions); i++)
            {
                ours.Add(await Measure.ProcessAsync("dotnet", [lab, "taxonomy", "validate", folder.Path, "--base", "empty", "--strict", "--json"]));
            }
            var ourTime = Measure.Median(ours.Select(r => r.Elapsed));
            var invalid = System.Text.Json.Nodes.JsonNode.Parse(ours[0].Output)!["files"]!.AsArray().Count(f => !(bool)f!["validForCi"]!);
            Console.WriteLine($"| validator | files | seconds | files/s | ratio |");
            Console.WriteLine($"|---|---|---|---|---|");
            Console.WriteLine($"| lab taxonomy validate --strict, median of {ours.Count} ({files} files, {invalid} invalid) | {files} | {ourTime.TotalSeconds:0.00} | {files / ourTime.TotalSeconds:0} | 1.0 |");
            if (parseResult.GetValue(reference) is { } source)
            {
                var script = Path.Combine(AppContext.BaseDirectory, "Reference", "instructlab_validate.py");
                Measure.Run? full = parseResult.GetValue(withLint) ? await Measure.ProcessAsync("python3", [script, source, folder.Path]) : null;
                // With an empty PATH the reference finds neither yamllint nor yq and skips lint: its YAML and schema work alone.
                var python = (await Measure.ProcessAsync("python3", ["-c", "import sys; print(sys.executable)"])).Output.Trim();
                var schemaOnly = await Measure.ProcessAsync(python, [script, source, folder.Path], new Dictionary<string, string> { ["PATH"] = "/nonexistent" });
                foreach (var (name, run) in new[] { ("InstructLab TaxonomyParser with yamllint", full), ("InstructLab TaxonomyParser, schema only", schemaOnly) })
                {
                    if (run is null)
                    {
                        continue;
                    }
                    if (run.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"{name} failed: {run.Error}");
                    }
                    Console.WriteLine($"| {name} ({run.Output.Trim()}) | {files} | {run.Elapsed.TotalSeconds:0.00} | {files / run.Elapsed.TotalSeconds:0} | {run.Elapsed / ourTime:0.0}× slower |");
                }
            }
            return 0;
        });
        return command;
    }

    private static int Generate(string root, int copies)
    {
        var sample = SharedFiles.RequireData("taxonomy-sample");
        var count = 0;
        foreach (var leaf in Directory.EnumerateFiles(sample, "qna.yaml", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(leaf)!;
            for (var copy = 0; copy < copies; copy++)
            {
                var target = Path.Combine(root, Path.GetRelativePath(sample, folder) + $"_{copy:0000}");
                Directory.CreateDirectory(target);
                foreach (var file in Directory.EnumerateFiles(folder))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
                count++;
            }
        }
        return count;
    }
}
