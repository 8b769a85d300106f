using System.Text;
using InstructLab.Aspire.Jinja.Parsing;
using InstructLab.Aspire.Jinja.Runtime;
using InstructLab.Aspire.Jinja.Syntax;

namespace InstructLab.Aspire.Jinja;

/// <summary>A parsed Jinja template; parse once, render many times (rendering is thread-safe).</summary>
public sealed class JinjaTemplate
{
    private readonly IReadOnlyList<Node> body;

    private JinjaTemplate(string source, IReadOnlyList<Node> body, JinjaOptions options)
    {
        Source = source;
        this.body = body;
        Options = options;
    }

    public string Source { get; }

    public JinjaOptions Options { get; }

    /// <summary>Parses a template; throws <see cref="JinjaException"/> with the position of the first problem.</summary>
    public static JinjaTemplate Parse(string source, JinjaOptions? options = null)
    {
        options ??= JinjaOptions.HuggingFace;
        return new JinjaTemplate(source, TemplateParser.Parse(source, options), options);
    }

    /// <summary>
    /// The variables the template reads and does not assign itself, in order of first use: what a caller must pass
    /// to <see cref="Render"/> (as jinja2.meta.find_undeclared_variables; globals such as <c>range</c> excluded).
    /// </summary>
    public IReadOnlyList<TemplateVariable> UndeclaredVariables() => Analysis.UndeclaredVariables.Find(body, Globals.Create(Options).Keys);

    /// <summary>
    /// Renders with the given variables: strings, numbers, booleans, null, lists, dictionaries and JSON nodes or
    /// elements (objects become dicts). Throws <see cref="JinjaException"/> for template errors and
    /// <c>raise_exception</c> (then <see cref="JinjaException.RaisedByTemplate"/> is true).
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        var globals = new Frame(null);
        foreach (var (name, value) in Globals.Create(Options))
        {
            globals.Set(name, value);
        }
        var frame = new Frame(globals);
        foreach (var (name, value) in variables)
        {
            frame.Set(name, Values.FromClr(value));
        }
        var output = new StringBuilder();
        new Renderer(Options).Execute(body, frame, output);
        return output.ToString();
    }
}
