using InstructLab.Aspire.Judging;
using InstructLab.Aspire.Judging.Rubrics;

namespace InstructLab.Aspire.Generation.UnitTests;

/// <summary>Judgments read from judges without structured output: JSON in prose, the rubric's tags, a trailing score.</summary>
public sealed class JudgmentReaderTests
{
    [Theory]
    [InlineData("Sure. {\"explanation\": \"Clear.\", \"score\": 1} Hope that helps.", 1, "Clear.")]
    [InlineData("[EXPLANATION]\nIt is vague.\n[/EXPLANATION]\n[SCORE]\n0\n[/SCORE]", 0, "It is vague.")]
    [InlineData("The question is fine.\nScore: 1", 1, "")]
    [InlineData("[SCORE] good [/SCORE]", 1, "")]
    public void AScoreTheRubricAllowsIsReadFromText(string answer, double score, string explanation)
    {
        var (found, why, status) = JudgmentReader.Read(BuiltinRubrics.QuestionQuality, answer, structured: false);

        Assert.Equal((score, explanation, ParseStatus.Text), (found!.Value, why, status));
    }

    [Theory]
    [InlineData("{\"explanation\": \"x\", \"score\": 7}")]
    [InlineData("[SCORE] 2 [/SCORE]")]
    [InlineData("no verdict here")]
    public void AScoreOutsideTheRubricIsUnparsed(string answer)
    {
        var (found, _, status) = JudgmentReader.Read(BuiltinRubrics.QuestionQuality, answer, structured: false);

        Assert.Equal((null, ParseStatus.Unparsed), (found, status));
    }

    [Fact]
    public void LabelledRubricsReadTheirWordsAndEnforcedJsonIsStructured()
    {
        var (found, _, status) = JudgmentReader.Read(BuiltinRubrics.Faithfulness, "{\"explanation\":\"Stated in the text.\",\"score\":\"yes\"}", structured: true);

        Assert.Equal((1.0, "yes", ParseStatus.Structured), (found!.Value, found.Label, status));
        Assert.Equal("""{"type":"object","properties":{"explanation":{"type":"string","minLength":1,"maxLength":50},"score":{"enum":["no","yes"]}},"required":["explanation","score"],"additionalProperties":false}""",
            BuiltinRubrics.Faithfulness.Schema(50).ToJsonString());
    }
}
