using System.Text;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.Taxonomy.Yaml;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>YAML as contributors write it: merge keys, duplicates, odd indentation, BOMs, CRLF, tabs, empty files.</summary>
public sealed class YamlInTheWildTests
{
    private const string SkillPath = "compositional_skills/test/qna.yaml";

    [Fact]
    public void MergeKeysApplyWithOwnKeysWinning()
    {
        var root = Read("""
            base: &base {a: 1, b: 2}
            other: &other {b: 20, c: 30}
            one:
              <<: *base
              b: 3
            many:
              <<: [*base, *other]
            """);

        var one = (SourceMapping)root["one"]!;
        var many = (SourceMapping)root["many"]!;
        Assert.Equal(["a", "b"], one.Entries.Select(e => e.Key).Order());
        Assert.Equal(3, Integer(one["b"]));
        Assert.Equal((1, 2, 30), (Integer(many["a"]), Integer(many["b"]), Integer(many["c"])));
    }

    [Fact]
    public void TheLastDuplicateKeyWinsAndBothLinesAreNamed()
    {
        var document = SourceTreeReader.Read("created_by: first\ntask: x\ncreated_by: second\n", new YamlLimits());

        var notice = Assert.Single(document.Notices);
        Assert.Equal("second", ((SourceScalar)((SourceMapping)document.Root!)["created_by"]!).Text);
        Assert.Equal(("key-duplicates", 3), (notice.Rule, notice.Position.Line));
        Assert.Contains("first on line 1", notice.Message);
    }

    [Fact]
    public void UnderIndentedQuotedContinuationLinesReadAsInstructLabReadsThem()
    {
        var file = SharedFiles.RequireData("taxonomy-sample", "compositional_skills", "writing", "freeform", "emoji", "qna.yaml");

        var root = (SourceMapping)SourceTreeReader.Read(File.ReadAllText(file), new YamlLimits()).Root!;

        var third = (SourceMapping)((SourceSequence)root["seed_examples"]!).Items[2];
        Assert.Equal("Replace words with emoji in this text: I am taking my dog to the park for a walk", ((SourceScalar)third["question"]!).Text);
    }

    [Fact]
    public void ByteOrderMarkAndCrlfAreRead()
    {
        var yaml = "\uFEFFcreated_by: someone\r\nseed_examples:\r\n  - question: q\r\n    answer: a\r\ntask_description: t\r\n";

        var report = Validate(yaml);

        Assert.True(report.IsValid, string.Join("\n", report.Diagnostics));
        Assert.Equal("someone", (string?)report.Content!["created_by"]);
        Assert.Contains(report.Warnings, w => w.Rule == "new-lines" && w.Position.Line == 1);
    }

    [Fact]
    public void TabsIndentingAreASyntaxErrorAndTabsInTextAWarning()
    {
        var indented = Validate("created_by: x\nseed_examples:\n\t- question: q\n");
        var inText = Validate("created_by: \"a\tb\"\ntask_description: t\nseed_examples:\n  - question: q\n    answer: a\n");

        Assert.Contains(indented.Errors, e => e.Rule == "syntax" && e.Position.Line == 3);
        Assert.True(inText.IsValid);
        Assert.Contains(inText.Warnings, w => w.Rule == "tabs" && w.Position == new SourcePosition(1, 15));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("{}\n")]
    public void EmptyFilesAreAWarningAsInInstructLab(string yaml)
    {
        var report = Validate(yaml);

        Assert.True(report.IsValid);
        Assert.Equal("empty-file", Assert.Single(report.Diagnostics).Rule);
    }

    [Theory]
    [InlineData("- a\n- b\n", 1)]
    [InlineData("just text\n", 1)]
    public void ATopLevelThatIsNotAMappingIsAnError(string yaml, int line)
    {
        var error = Assert.Single(Validate(yaml).Errors);

        Assert.Equal(line, error.Position.Line);
        Assert.Contains("top-level element is not a mapping", error.Message);
    }

    [Fact]
    public void SeveralDocumentsAreAnError()
    {
        var error = Assert.Single(Validate("a: 1\n---\nb: 2\n").Errors);

        Assert.Equal(2, error.Position.Line);
        Assert.Contains("more than one YAML document", error.Message);
    }

    [Fact]
    public void AnAliasToAnUndefinedAnchorIsAnError()
    {
        var error = Assert.Single(Validate("a: *nowhere\n").Errors);

        Assert.Contains("*nowhere refers to no anchor", error.Message);
    }

    [Fact]
    public void BytesThatAreNotUtf8AreAnError()
    {
        var report = new QnaValidator().Validate(new QnaSource(SkillPath, [0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A], true));

        Assert.Contains("not valid UTF-8", Assert.Single(report.Errors).Message);
    }

    private static FileReport Validate(string yaml) =>
        new QnaValidator().Validate(new QnaSource(SkillPath, Encoding.UTF8.GetBytes(yaml), HasAttribution: true));

    private static SourceMapping Read(string yaml) => (SourceMapping)SourceTreeReader.Read(yaml, new YamlLimits()).Root!;

    private static long Integer(SourceNode? node) => ((SourceScalar)node!).Value.Integer;
}
