using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// Checks a pipeline file's YAML from the parser's events, without recursion, before it is loaded as a tree: nesting
/// deeper than <see cref="MaxDepth"/> (loading it would overflow the stack), more than <see cref="MaxAliases"/>
/// aliases, or more than <see cref="MaxNodes"/> nodes is refused with the place where the limit is passed.
/// </summary>
internal static class YamlGuard
{
    public const int MaxDepth = 64;
    public const int MaxAliases = 64;
    public const int MaxNodes = 100_000;

    public static void Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var (depth, aliases, nodes) = (0, 0, 0);
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var at = new SourceLocation(file, (int)current.Start.Line, (int)current.Start.Column);
                switch (current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new PipelineException(at, $"nesting is deeper than {MaxDepth} levels; a pipeline needs far fewer");
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias when ++aliases > MaxAliases:
                        throw new PipelineException(at, $"more than {MaxAliases} aliases (*name); a pipeline file may use at most {MaxAliases}");
                }
                if (current is NodeEvent && ++nodes > MaxNodes)
                {
                    throw new PipelineException(at, $"more than {MaxNodes} YAML nodes; a pipeline file may have at most {MaxNodes}");
                }
            }
        }
        catch (YamlException e)
        {
            throw new PipelineException(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException e) when (e.Source == "YamlDotNet")
        {
            // YamlDotNet's scanner gives up on some malformed input (e.g. '{' inside a plain scalar in a flow sequence)
            // with this instead of a YamlException: still the file's fault, at the last place the parser reached.
            var at = parser.Current?.End ?? Mark.Empty;
            throw new PipelineException(new SourceLocation(file, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column)),
                "not valid YAML: the parser could not read on from here (look for brackets or braces that do not pair up)");
        }
    }
}
