using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>Each finding in the real files points at the line of the field it is about (checked against the file itself).</summary>
public sealed class DiagnosticPositionTests
{
    [Theory]
    [InlineData("taxonomy-sample/compositional_skills/extraction/email/main_questions/qna.yaml", 5, "schema", "seed_examples: needs at least 5 items, has 3", "seed_examples:")]
    [InlineData("taxonomy-sample/compositional_skills/writing/grounded/editing/wordclock/qna.yaml", 21, "schema", "seed_examples[4].context: must be a string, but InstructLab reads 15:45 as the integer 945", "context: 15:45")]
    [InlineData("taxonomy-sample/knowledge/archaeology/ireland/Boheh_Stone/qna.yaml", 5, "schema", "seed examples: unknown field; allowed here: version, created_by, domain, seed_examples, document, document_outline", "seed examples:")]
    [InlineData("taxonomy-sample/knowledge/archaeology/ireland/Boheh_Stone/qna.yaml", 2, "schema", ".: missing required field 'seed_examples'", "version: 3")]
    [InlineData("taxonomy-sample/knowledge/textbook/history/ibm_history/qna.yaml", 1, "schema", "Version 1 is not supported for knowledge. Minimum supported version is 3.", "created_by")]
    [InlineData("taxonomy-sample/compositional_skills/STEM/programming/python/libraries/qiskit/qna.yaml", 29, "trailing-spaces", "trailing spaces", "QuantumCircuit.cnot(1,2) ")]
    [InlineData("taxonomy-sample/compositional_skills/STEM/programming/python/libraries/qiskit/qna.yaml", 38, "empty-lines", "too many blank lines (1 > 0)", "")]
    [InlineData("taxonomy-sample/knowledge/science/astronomy/constellations/phoenix/qna.yaml", 199, "empty-lines", "too many blank lines (1 > 0)", "")]
    [InlineData("taxonomy-sample/compositional_skills/extraction/information/named_entities/school_mascots/qna.yaml", 3, "key-duplicates", "duplicate key 'created_by' (first on line 1)", "created_by: shivsr")]
    [InlineData("taxonomy-sample/compositional_skills/writing/freeform/emoji/qna.yaml", 11, "quoted-indentation", "indented less than its key", "question: \"Replace words")]
    [InlineData("instructlab-schema/tests/testdata/compositional_skills/invalid_yaml/qna.yaml", 3, "schema", "createdby: unknown field; allowed here: version, created_by, task_description, seed_examples", "createdby:")]
    [InlineData("instructlab-schema/tests/testdata/compositional_skills/invalid_yaml_1/qna.yaml", 5, "syntax", "did not find expected key", "seed_examples:xx")]
    [InlineData("instructlab-schema/tests/testdata/knowledge/unsupported/qna.yaml", 4, "schema", "version: Version 2 is not supported for knowledge.", "version: 2")]
    public void AFindingPointsAtItsLine(string path, int line, string rule, string message, string lineText)
    {
        var file = SharedFiles.RequireData(path);

        var report = new QnaValidator().ValidateFile(file, path);

        var diagnostic = Assert.Single(report.Diagnostics,
            d => d.Rule == rule && d.Position.Line == line && d.ToString().Contains(message, StringComparison.Ordinal));
        Assert.Contains(lineText, File.ReadAllLines(file)[line - 1], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}:", diagnostic.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AVersionOfTheWrongTypeIsOneFindingNotAnUnknownField()
    {
        const string path = "compositional_skills/writing/quoted/qna.yaml";
        var yaml = "version: \"3\"\ncreated_by: me\ntask_description: t\nseed_examples:\n" +
            string.Concat(Enumerable.Range(0, 5).Select(i => $"  - question: q{i}\n    answer: a{i}\n"));

        var report = new QnaValidator().Validate(new QnaSource(path, System.Text.Encoding.UTF8.GetBytes(yaml), HasAttribution: true));

        Assert.Equal([$"{path}:1:1: version: must be an integer, not the string '3'"], report.Errors.Select(d => d.ToString()));
    }

    [Fact]
    public void EveryErrorOfAFileIsReportedAtOnce()
    {
        const string path = "compositional_skills/writing/broken/qna.yaml";
        var yaml = """
            created_by: 42
            version: 3
            task_description: ''
            seed_examples:
              - question: one
                answer: yes
              - question: two
            colour: blue
            """;

        var report = new QnaValidator().Validate(new QnaSource(path, System.Text.Encoding.UTF8.GetBytes(yaml + "\n\n"), HasAttribution: true));

        Assert.Equal(
            [
                $"{path}:1:1: created_by: must be a string, but InstructLab reads 42 as the integer 42; put it in quotes",
                $"{path}:3:1: task_description: must not be empty",
                $"{path}:4:1: seed_examples: needs at least 5 items, has 2",
                $"{path}:6:5: seed_examples[0].answer: must be a string, but InstructLab reads yes as the boolean true; put it in quotes",
                $"{path}:7:5: seed_examples[1]: missing required field 'answer'",
                $"{path}:8:1: colour: unknown field; allowed here: version, created_by, task_description, seed_examples",
            ],
            report.Errors.Select(d => d.ToString()));
        Assert.Contains(report.Warnings, w => w.Rule == "empty-lines" && w.Position.Line == 9);
    }
}
