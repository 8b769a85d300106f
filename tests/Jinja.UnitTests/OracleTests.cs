using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport.Templates;

namespace InstructLab.Aspire.Jinja.UnitTests;

/// <summary>Our engine renders exactly what Python's jinja2 renders (Hugging Face's settings), or fails where it fails.</summary>
public sealed class OracleTests(ITestOutputHelper output)
{
    [Fact]
    public void ExpressionsStatementsAndWhitespaceMatchJinja2()
    {
        var variables = Cases.Values();
        AssertSameAsJinja2([.. ExpressionCorpus.Templates.Select(t => (t, variables))]);
    }

    [Fact]
    public void FamilyChatTemplatesMatchJinja2()
    {
        JsonObject[] conversations =
        [
            Cases.Conversation(),
            Cases.Conversation(system: false),
            Cases.Conversation(generationPrompt: false, endsWithAssistant: true),
            Unicode(),
            NotAlternating(),
        ];
        AssertSameAsJinja2([.. FamilyTemplate.All.SelectMany(family => conversations.Select(c => (family.Template, c)))]);
    }

    private static JsonObject Unicode()
    {
        var conversation = Cases.Conversation(system: false);
        conversation["messages"]!.AsArray().Add(Cases.Message("assistant", "日本語 — «ça va» 🙂\n\t"));
        conversation["messages"]!.AsArray().Add(Cases.Message("user", ""));
        return conversation;
    }

    private static JsonObject NotAlternating()
    {
        var conversation = Cases.Conversation(system: false);
        conversation["messages"]!.AsArray().Add(Cases.Message("user", "again"));
        return conversation;
    }

    private void AssertSameAsJinja2(IReadOnlyList<(string Template, JsonObject Variables)> cases)
    {
        var expected = PythonJinja.Render(cases);
        var failures = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var actual = Ours(cases[i].Template, cases[i].Variables);
            var bothFailed = actual.StartsWith("error: ", StringComparison.Ordinal) && expected[i].StartsWith("error: ", StringComparison.Ordinal);
            if (!bothFailed && actual != expected[i])
            {
                failures.Add($"template: {cases[i].Template}\n  jinja2: {expected[i]}\n  ours:   {actual}");
            }
        }
        output.WriteLine($"{cases.Count - failures.Count} of {cases.Count} cases agree");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    internal static string Ours(string template, JsonObject variables)
    {
        try
        {
            var options = JinjaOptions.HuggingFace with { Clock = new FixedClock(PythonJinja.Now) };
            return JinjaTemplate.Parse(template, options).Render(variables.ToDictionary(p => p.Key, p => (object?)p.Value));
        }
        catch (JinjaException e)
        {
            return "error: " + e.Message;
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
