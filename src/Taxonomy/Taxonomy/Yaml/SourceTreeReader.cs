using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>
/// Reads YAML into <see cref="SourceNode"/>s with positions, as InstructLab's parser (PyYAML, YAML 1.1) reads it:
/// merge keys, YAML 1.1 scalars, the last of duplicate keys wins (reported), under-indented quoted continuation
/// lines accepted (reported). Built from parser events without recursion, so nesting and alias bombs stop at the
/// <see cref="YamlLimits"/> instead of exhausting the stack.
/// </summary>
public static class SourceTreeReader
{
    private const int MaxRepairs = 100;

    public static YamlDocument Read(string text, YamlLimits limits)
    {
        var repairs = new List<YamlNotice>();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var notices = new List<YamlNotice>(repairs);
                var root = new Builder(limits, notices).Build(text);
                return new YamlDocument(root, notices);
            }
            catch (YamlException e) when (attempt < MaxRepairs && IsUnderIndentedQuotedScalar(e)
                && QuotedScalarIndentation.Repair(text, Position(e.Start)) is { } repaired)
            {
                repairs.Add(new YamlNotice(Position(e.Start), "quoted-indentation",
                    "a continuation line of this quoted string is indented less than its key; InstructLab's parser accepts it, stricter YAML parsers do not"));
                text = repaired;
            }
            catch (InvalidOperationException e) when (e.Source == "YamlDotNet")
            {
                // YamlDotNet's scanner gives up on some malformed input (e.g. '{' inside a plain scalar in a flow
                // sequence) with this instead of a YamlException: still the file's fault.
                throw new YamlReadException("the YAML parser could not read this file (look for brackets or braces that do not pair up)", new SourcePosition(1, 1));
            }
            catch (YamlException e)
            {
                // YamlDotNet reports a tab in indentation at the start of the enclosing mapping; point at the tab.
                var position = e.Message.Contains("tab", StringComparison.Ordinal) && FirstTabIndentation(text) is { } tab ? tab : Position(e.Start);
                throw new YamlReadException(Describe(e), position);
            }
        }
    }

    internal static SourcePosition Position(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static SourcePosition? FirstTabIndentation(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indentation = lines[i].Length - lines[i].TrimStart(' ', '\t', '-').Length;
            if (lines[i].IndexOf('\t', 0, indentation) is var tab and >= 0)
            {
                return new SourcePosition(i + 1, tab + 1);
            }
        }
        return null;
    }

    private static bool IsUnderIndentedQuotedScalar(YamlException e) =>
        e.Message.Contains("quoted scalar", StringComparison.Ordinal) && e.Message.Contains("wrong indentation", StringComparison.Ordinal);

    private static string Describe(YamlException e)
    {
        var message = e.Message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid YAML";
    }

    private sealed class Builder(YamlLimits limits, List<YamlNotice> notices)
    {
        private readonly Stack<Frame> open = new();
        private readonly Dictionary<string, SourceNode> anchors = new(StringComparer.Ordinal);
        private SourceNode? root;

        public SourceNode? Build(string text)
        {
            var parser = new Parser(new StringReader(text));
            var documents = 0;
            while (parser.MoveNext())
            {
                var position = Position(parser.Current!.Start);
                switch (parser.Current)
                {
                    case DocumentStart when ++documents > 1:
                        throw new YamlReadException("the file holds more than one YAML document; InstructLab reads exactly one", position);
                    case Scalar scalar:
                        Complete(Scalar(scalar, position), scalar.Anchor);
                        break;
                    case AnchorAlias alias:
                        Complete(anchors.TryGetValue(alias.Value.Value, out var target)
                            ? target
                            : throw new YamlReadException($"the alias *{alias.Value.Value} refers to no anchor defined before it", position), AnchorName.Empty);
                        break;
                    case MappingStart mapping:
                        Open(new Frame(new SourceMapping(position), mapping.Anchor), position);
                        break;
                    case SequenceStart sequence:
                        Open(new Frame(new SourceSequence(position), sequence.Anchor), position);
                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = open.Pop();
                        frame.ApplyMerges();
                        Complete(frame.Node, frame.Anchor);
                        break;
                }
            }
            return root is SourceScalar { Value.Kind: YamlValueKind.Null } ? null : root;
        }

        private static SourceScalar Scalar(Scalar scalar, SourcePosition position)
        {
            var plain = scalar.Style == ScalarStyle.Plain;
            var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
            try
            {
                return new SourceScalar(position, scalar.Value, !plain, Yaml11Resolver.Resolve(scalar.Value, plain, tag));
            }
            catch (FormatException e)
            {
                throw new YamlReadException(e.Message, position, "yaml-1.1");
            }
        }

        private void Open(Frame frame, SourcePosition position)
        {
            if (open.Count >= limits.MaxDepth)
            {
                throw new YamlReadException($"nesting is deeper than {limits.MaxDepth} levels (limit Taxonomy:Limits:MaxDepth)", position, "limits");
            }
            open.Push(frame);
        }

        private void Complete(SourceNode node, AnchorName anchor)
        {
            // Anchors are registered when their node is complete, so an alias can never point into itself.
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }
            if (open.Count == 0)
            {
                root = node;
                return;
            }
            open.Peek().Add(node, notices);
        }
    }

    private sealed class Frame(SourceNode node, AnchorName anchor)
    {
        private readonly Dictionary<string, int> explicitKeys = new(StringComparer.Ordinal);
        private readonly List<List<SourceMapping>> merges = [];
        private SourceScalar? pendingKey;

        public SourceNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public void Add(SourceNode child, List<YamlNotice> notices)
        {
            if (Node is SourceSequence sequence)
            {
                sequence.Items.Add(child);
                return;
            }
            var mapping = (SourceMapping)Node;
            if (pendingKey is null)
            {
                pendingKey = child as SourceScalar
                    ?? throw new YamlReadException("a mapping key must be a plain value, not a list or a mapping", child.Position);
                return;
            }
            var key = pendingKey;
            pendingKey = null;
            if (!key.Quoted && key.Text == "<<")
            {
                merges.Add(MergeSources(child));
                return;
            }
            var entry = new SourceEntry(key.Text, key.Position, child);
            if (explicitKeys.TryGetValue(key.Text, out var index))
            {
                notices.Add(new YamlNotice(key.Position, "key-duplicates",
                    $"duplicate key '{key.Text}' (first on line {mapping.Entries[index].KeyPosition.Line}); the last value is used, as InstructLab's parser does"));
                mapping.Entries[index] = entry;
                return;
            }
            explicitKeys[key.Text] = mapping.Entries.Count;
            mapping.Entries.Add(entry);
        }

        /// <summary>Own keys win over merged ones, a later merge key over an earlier one, and in <c>&lt;&lt;: [*a, *b]</c> a over b.</summary>
        public void ApplyMerges()
        {
            if (Node is not SourceMapping mapping || merges.Count == 0)
            {
                return;
            }
            var taken = new HashSet<string>(explicitKeys.Keys, StringComparer.Ordinal);
            var merged = new List<SourceEntry>();
            for (var group = merges.Count - 1; group >= 0; group--)
            {
                foreach (var entry in merges[group].SelectMany(source => source.Entries))
                {
                    if (taken.Add(entry.Key))
                    {
                        merged.Add(entry);
                    }
                }
            }
            mapping.Entries.InsertRange(0, merged);
        }

        private static List<SourceMapping> MergeSources(SourceNode value) => value switch
        {
            SourceMapping single => [single],
            SourceSequence many when many.Items.All(item => item is SourceMapping) => [.. many.Items.Cast<SourceMapping>()],
            _ => throw new YamlReadException("a merge key (<<) needs a mapping or a list of mappings", value.Position),
        };
    }
}
