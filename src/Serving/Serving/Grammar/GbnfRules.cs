using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Serving.Grammar;

/// <summary>A set of GBNF rules under construction: unique names, literals escaped as llama.cpp reads them.</summary>
internal sealed class GbnfRules
{
    private readonly OrderedDictionary<string, string> rules = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> tails = new(StringComparer.Ordinal);

    /// <summary>
    /// The longest bound written with GBNF's <c>{m,n}</c>: llama.cpp refuses a repetition once its bound times the rules
    /// parsed so far reaches 2000 (so <c>{0,2000}</c> always), and serving would fail the request.
    /// </summary>
    public const int MaxOperatorBound = 16;

    /// <summary>
    /// <paramref name="element"/> (a rule name) at least <paramref name="min"/> and at most <paramref name="max"/> times
    /// (null: no limit). Long bounds are spelled out: the minimum inline, the optional rest as a chain of rules
    /// (<c>x-upto-k ::= | x x-upto-(k-1)</c>) written after every other rule, where no repetition operator follows them.
    /// </summary>
    public string Repeat(string element, int min, int? max)
    {
        if (min <= MaxOperatorBound && (max is null || max <= MaxOperatorBound))
        {
            return $"{element}{{{min},{max?.ToString(CultureInfo.InvariantCulture)}}}";
        }
        var required = string.Join(' ', Enumerable.Repeat(element, min));
        var optional = max is null ? $"{element}*" : max > min ? Tail(element, max.Value - min) : "";
        return $"{required} {optional}".Trim();
    }

    private string Tail(string element, int count)
    {
        for (var k = 1; k <= count; k++)
        {
            var name = $"{element}-upto-{k}";
            if (!tails.ContainsKey(name))
            {
                tails[name] = k == 1 ? $"| {element}" : $"| {element} {element}-upto-{k - 1}";
            }
        }
        return $"{element}-upto-{count}";
    }

    /// <summary>Adds a rule (or finds the same one) and returns its name.</summary>
    public string Add(string name, string body)
    {
        var baseName = Sanitize(name);
        var candidate = baseName;
        for (var i = 1; rules.TryGetValue(candidate, out var existing); i++)
        {
            if (existing == body)
            {
                return candidate;
            }
            candidate = $"{baseName}-{i}";
        }
        rules[candidate] = body;
        return candidate;
    }

    /// <summary>Reserves a name for a rule whose body comes later (recursive definitions).</summary>
    public string Reserve(string name)
    {
        var candidate = Sanitize(name);
        for (var i = 1; rules.ContainsKey(candidate); i++)
        {
            candidate = $"{Sanitize(name)}-{i}";
        }
        rules[candidate] = "";
        return candidate;
    }

    public void Define(string name, string body) => rules[name] = body;

    public bool Contains(string name) => rules.ContainsKey(name);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, body) in rules.Concat(tails))
        {
            text.Append(name).Append(" ::= ").Append(body).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A GBNF string literal matching <paramref name="text"/> exactly.</summary>
    public static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        var sanitized = builder.ToString().Trim('-');
        while (sanitized.Contains("--", StringComparison.Ordinal))
        {
            sanitized = sanitized.Replace("--", "-", StringComparison.Ordinal);
        }
        return sanitized.Length == 0 ? "rule" : sanitized;
    }
}
