using System.Text.Json.Nodes;
using InstructLab.Aspire.Jinja;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// A Jinja prompt of a pipeline file, parsed once, that knows where it stands in the file: template errors and the
/// variables it reads are reported at their line and column in the YAML file, not in the template.
/// </summary>
public sealed class PromptTemplate
{
    private readonly JinjaTemplate template;
    private readonly SourceLocation start;
    private readonly bool block;

    private PromptTemplate(JinjaTemplate template, SourceLocation start, bool block)
    {
        this.template = template;
        this.start = start;
        this.block = block;
    }

    internal static PromptTemplate Read(YamlNode node, string fileText, string file, string what)
    {
        if (node is not YamlScalarNode { Value: { } text } scalar)
        {
            throw new PipelineException(new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column), $"{what} must be a text (a Jinja template)");
        }
        var block = scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded;
        var origin = block
            ? new SourceLocation(file, (int)node.Start.Line + 1, ContentIndent(fileText, (int)node.Start.Line) + 1)
            : new SourceLocation(file, (int)node.Start.Line, (int)node.Start.Column + (scalar.Style is ScalarStyle.Plain ? 0 : 1));
        try
        {
            return new PromptTemplate(JinjaTemplate.Parse(text, new JinjaOptions { TrimBlocks = true, LstripBlocks = true, KeepTrailingNewline = false }), origin, block);
        }
        catch (JinjaException e)
        {
            throw new PipelineException(Locate(origin, block, Math.Max(1, e.Line), Math.Max(1, e.Column)), $"{what} is not a valid Jinja template: {e.Problem}");
        }
    }

    /// <summary>Fails at the first variable the template reads that is not among <paramref name="columns"/>.</summary>
    public void RequireVariables(IReadOnlySet<string> columns, string blockName)
    {
        foreach (var variable in template.UndeclaredVariables())
        {
            if (!columns.Contains(variable.Name))
            {
                throw new PipelineException(Locate(start, block, variable.Line, variable.Column),
                    $"block '{blockName}': prompt variable '{variable.Name}' is not a column here (available: {string.Join(", ", columns.Where(c => !c.StartsWith('_')).Order(StringComparer.Ordinal))})");
            }
        }
    }

    public string Render(JsonObject row)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in row)
        {
            variables[name] = value;
        }
        return template.Render(variables).Trim();
    }

    /// <summary>A template position in the file: block scalars keep their indentation on every line, other scalars only on the first.</summary>
    private static SourceLocation Locate(SourceLocation origin, bool block, int line, int column) =>
        origin with { Line = origin.Line + line - 1, Column = block || line == 1 ? origin.Column + column - 1 : column };

    /// <summary>The indentation of a block scalar's first non-empty line after its indicator line.</summary>
    private static int ContentIndent(string text, int indicatorLine)
    {
        var lines = text.Split('\n');
        for (var i = indicatorLine; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return lines[i].Length - lines[i].TrimStart(' ').Length;
            }
        }
        return 0;
    }
}
