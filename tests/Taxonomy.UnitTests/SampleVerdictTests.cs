using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>
/// Every leaf of the 27-leaf sample of real contributions and every fixture of instructlab/schema gets exactly the
/// verdict InstructLab's own parser gives it: schema verdict and CI verdict (lint and attribution rules included).
/// </summary>
public sealed class SampleVerdictTests(ITestOutputHelper output)
{
    public static TheoryData<string> SampleLeaves() => [.. Manifest("taxonomy-sample-manifest.json", "leaves").Select(l => (string)l!["path"]!)];

    public static TheoryData<string> SchemaFixtures() => [.. Manifest("instructlab-schema-testdata-verdicts.json", "files").Select(f => (string)f!["path"]!)];

    [Theory]
    [MemberData(nameof(SampleLeaves))]
    public void SampleLeafGetsInstructLabsVerdict(string path)
    {
        var expected = Manifest("taxonomy-sample-manifest.json", "leaves").Single(l => (string)l!["path"]! == path)!["expected"]!;
        var file = SharedFiles.RequireData("taxonomy-sample", path);

        var report = new QnaValidator().ValidateFile(file, path);

        Print(report);
        Assert.Equal((bool)expected["upstream_schema_valid"]!, report.IsValid);
        Assert.Equal((bool)expected["upstream_ci_valid"]!, report.IsValidStrict);
    }

    [Theory]
    [MemberData(nameof(SchemaFixtures))]
    public void SchemaFixtureGetsInstructLabsVerdict(string path)
    {
        var upstream = Manifest("instructlab-schema-testdata-verdicts.json", "files").Single(f => (string)f!["path"]! == path)!["upstream"]!;
        var file = SharedFiles.RequireData(path);

        var report = new QnaValidator().ValidateFile(file, path);

        Print(report);
        Assert.Equal((bool)upstream["schema_valid"]!, report.IsValid);
        Assert.Equal((bool)upstream["ci_valid"]!, report.IsValidStrict);
    }

    private void Print(FileReport report)
    {
        foreach (var diagnostic in report.Diagnostics)
        {
            output.WriteLine($"{diagnostic.Severity} {diagnostic.Rule}: {diagnostic}");
        }
    }

    private static JsonArray Manifest(string name, string list)
    {
        var path = Path.Combine(SharedFiles.Data, name);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))![list]!.AsArray() : [];
    }
}
