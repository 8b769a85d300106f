namespace InstructLab.Aspire.Jinja.UnitTests;

/// <summary>Broken and hostile templates fail with a position and a reason, within bounded time and memory.</summary>
public sealed class ErrorAndLimitTests
{
    [Theory]
    [InlineData("Hello\n  {{ name | }}", 2, 13, "expected a name, found end of tag")]
    [InlineData("{% for x in items %}\n{{ x }}", 2, 1, "the template ends before 'endfor'")]
    [InlineData("line 1\nline 2 {% endif %}", 2, 8, "unexpected 'endif'")]
    [InlineData("{{ 'abc }}", 1, 1, "'{{' is never closed with '}}'")]
    [InlineData("{% include 'other.j2' %}", 1, 1, "'include' is not supported")]
    [InlineData("{% frobnicate %}", 1, 1, "unknown tag 'frobnicate'")]
    public void ParseErrorsNameLineAndColumn(string template, int line, int column, string problem)
    {
        var error = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse(template));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(problem, error.Problem);
        Assert.False(error.RaisedByTemplate);
    }

    [Fact]
    public void RenderErrorsPointAtTheExpression()
    {
        var template = JinjaTemplate.Parse("ok\n{% for m in messages %}{{ m.content.upper() }}{% endfor %}");

        var error = Assert.Throws<JinjaException>(() => template.Render(new Dictionary<string, object?> { ["messages"] = new object?[] { null } }));

        Assert.Equal(2, error.Line);
        Assert.Contains("'None' has no attribute 'content'", error.Problem);
    }

    [Fact]
    public void RaiseExceptionIsTheTemplatesOwnRefusal()
    {
        var template = JinjaTemplate.Parse("{% if messages | length == 0 %}{{ raise_exception('No messages') }}{% endif %}");

        var error = Assert.Throws<JinjaException>(() => template.Render(new Dictionary<string, object?> { ["messages"] = new List<object?>() }));

        Assert.True(error.RaisedByTemplate);
        Assert.Equal("No messages", error.Problem);
    }

    [Fact]
    public void EndlessWorkIsStopped()
    {
        var options = JinjaOptions.HuggingFace with { MaxIterations = 10_000, MaxOutputLength = 1_000, MaxCallDepth = 16 };

        var loops = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("{% for i in range(100000) %}{% endfor %}", options).Render(Empty));
        var output = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("{% for i in range(500) %}xxxx{% endfor %}", options).Render(Empty));
        var recursion = Assert.Throws<JinjaException>(() => JinjaTemplate.Parse("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", options).Render(Empty));

        Assert.Contains("more than 10000 loop iterations", loops.Problem);
        Assert.Contains("more than 1000 characters", output.Problem);
        Assert.Contains("deeper than 16 calls", recursion.Problem);
    }

    [Fact]
    public void TemplatesCannotChangeTheirInputs()
    {
        var messages = new List<object?> { "a" };
        var template = JinjaTemplate.Parse("{{ messages.append('b') }}");

        var error = Assert.Throws<JinjaException>(() => template.Render(new Dictionary<string, object?> { ["messages"] = messages }));

        Assert.Contains("unsafe", error.Problem);
        Assert.Single(messages);
    }

    private static readonly Dictionary<string, object?> Empty = [];
}
