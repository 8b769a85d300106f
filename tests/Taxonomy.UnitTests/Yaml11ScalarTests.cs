using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>Plain scalars mean what they mean to PyYAML's SafeLoader (YAML 1.1), which is how InstructLab reads qna.yaml.</summary>
public sealed class Yaml11ScalarTests
{
    [Theory]
    [InlineData("15:45", YamlValueKind.Integer, "945")]
    [InlineData("-1:00", YamlValueKind.Integer, "-60")]
    [InlineData("017", YamlValueKind.Integer, "15")]
    [InlineData("0x1F", YamlValueKind.Integer, "31")]
    [InlineData("0b101", YamlValueKind.Integer, "5")]
    [InlineData("1_000", YamlValueKind.Integer, "1000")]
    [InlineData("123456789012345678901234567890", YamlValueKind.Integer, "123456789012345678901234567890")]
    [InlineData("yes", YamlValueKind.Boolean, "true")]
    [InlineData("No", YamlValueKind.Boolean, "false")]
    [InlineData("on", YamlValueKind.Boolean, "true")]
    [InlineData("OFF", YamlValueKind.Boolean, "false")]
    [InlineData("1.5e+3", YamlValueKind.Float, "1500")]
    [InlineData("190:20:30.15", YamlValueKind.Float, "685230.15")]
    [InlineData(".inf", YamlValueKind.Float, "inf")]
    [InlineData("~", YamlValueKind.Null, "null")]
    [InlineData("2024-01-01", YamlValueKind.Timestamp, "2024-01-01")]
    [InlineData("2001-12-14t21:59:43.10-05:00", YamlValueKind.Timestamp, "2001-12-14t21:59:43.10-05:00")]
    [InlineData("1e3", YamlValueKind.String, "1e3")]
    [InlineData("0o17", YamlValueKind.String, "0o17")]
    [InlineData("y", YamlValueKind.String, "y")]
    [InlineData("12:60", YamlValueKind.String, "12:60")]
    [InlineData("Once upon a time", YamlValueKind.String, "Once upon a time")]
    public void PlainScalarsResolveAsInYaml11(string text, YamlValueKind kind, string described)
    {
        var scalar = ReadScalar($"value: {text}\n");

        Assert.Equal(kind, scalar.Value.Kind);
        Assert.Equal(described, scalar.Value.Describe(scalar.Text));
    }

    [Theory]
    [InlineData("value: '15:45'\n")]
    [InlineData("value: \"yes\"\n")]
    [InlineData("value: !!str 945\n")]
    [InlineData("value: |\n  15:45\n")]
    public void QuotedTaggedAndBlockScalarsAreStrings(string yaml) =>
        Assert.Equal(YamlValueKind.String, ReadScalar(yaml).Value.Kind);

    [Fact]
    public void AnUnknownTagIsAnErrorAsInInstructLab()
    {
        var error = Assert.Throws<YamlReadException>(() => SourceTreeReader.Read("value: !python/object 1\n", new YamlLimits()));

        Assert.Contains("no constructor for the tag", error.Message);
        Assert.Equal(new SourcePosition(1, 8), error.Position);
    }

    private static SourceScalar ReadScalar(string yaml) =>
        (SourceScalar)((SourceMapping)SourceTreeReader.Read(yaml, new YamlLimits()).Root!)["value"]!;
}
