using System.Text.Json.Nodes;
using InstructLab.Aspire.Generation.Blocks;

namespace InstructLab.Aspire.Generation.UnitTests;

/// <summary>How an answer without structured output is read: the column's tags, a regex, enums, lists.</summary>
public sealed class OutputParsingTests
{
    private static OutputColumn Column(string name, string yaml = "{}")
    {
        var library = Pipelines.Library(("custom", $$$"""
            version: 1
            applies_to: [freeform_skill]
            blocks:
              - name: ask
                type: llm
                prompt: "{{ seed_question }}"
                outputs:
                  {{{name}}}: {{{yaml}}}
            output: {question: seed_question, answer: seed_answer}
            """));
        var block = (LlmBlock)library.Select(["custom"]).Pipelines[0].Blocks[0];
        return block.Outputs.Single();
    }

    [Fact]
    public void TaggedTextIsReadBetweenItsTagsWhateverTheCase()
    {
        var value = Column("question").FromPlainText("Sure!\n[question]\nWhat is a prime?\n[/QUESTION]\nthanks");

        Assert.Equal("What is a prime?", (string)value!);
    }

    [Fact]
    public void AMissingTagOrAnEmptyValueIsNotAnAnswer()
    {
        Assert.Null(Column("question").FromPlainText("What is a prime?"));
        Assert.Null(Column("question").FromPlainText("[QUESTION] [/QUESTION]"));
    }

    [Fact]
    public void ARegexTakesItsFirstGroup()
    {
        var value = Column("rating", "{type: integer, regex: 'Rating:\\s*(\\d+)'}").FromPlainText("I'd say... Rating: 3/5");

        Assert.Equal(3L, value!.GetValue<long>());
    }

    [Fact]
    public void EnumsAcceptOnlyTheirValuesAndListsTheirLines()
    {
        var verdict = Column("verdict", "{enum: [yes, no]}");
        var items = Column("items", "{type: list, max_items: 2}");

        Assert.Equal("yes", (string)verdict.FromPlainText("[VERDICT]YES[/VERDICT]")!);
        Assert.Null(verdict.FromPlainText("[VERDICT]perhaps[/VERDICT]"));
        Assert.Equal(["one", "two"], ((JsonArray)items.FromPlainText("[ITEMS]\n- one\n* two\n- three\n[/ITEMS]")!).Select(i => (string)i!));
    }

    [Fact]
    public void TheSchemaBoundsWhatTheTeacherMayWrite()
    {
        var schema = Column("answer", "{min_length: 3, max_length: 40}").Schema();

        Assert.Equal("""{"type":"string","minLength":3,"maxLength":40}""", schema.ToJsonString());
    }
}
