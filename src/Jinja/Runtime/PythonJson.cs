using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>
/// Python's <c>json.dumps(value, ensure_ascii=False, indent=…, separators=…, sort_keys=…)</c>, which is what
/// Hugging Face's <c>tojson</c> filter runs: <c>", "</c> and <c>": "</c> between items unless indented.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value, int? indent = null, string? itemSeparator = null, string? keySeparator = null, bool sortKeys = false)
    {
        var builder = new StringBuilder();
        Write(builder, value, indent, itemSeparator ?? (indent is null ? ", " : ","), keySeparator ?? ": ", sortKeys, 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? value, int? indent, string itemSeparator, string keySeparator, bool sortKeys, int level)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFloat.Format(d));
                break;
            case string s:
                WriteString(builder, s);
                break;
            case PyDict dict:
                var entries = sortKeys ? dict.OrderBy(e => Values.Str(e.Key), StringComparer.Ordinal).ToList() : dict.ToList();
                WriteContainer(builder, '{', '}', entries.Count, indent, itemSeparator, level, i =>
                {
                    WriteString(builder, entries[i].Key is string key ? key : Key(entries[i].Key));
                    builder.Append(keySeparator);
                    Write(builder, entries[i].Value, indent, itemSeparator, keySeparator, sortKeys, level + 1);
                });
                break;
            case JinjaNamespace ns:
                var dictOfNamespace = new PyDict();
                foreach (var (key, attribute) in ns.Attributes)
                {
                    dictOfNamespace[key] = attribute;
                }
                Write(builder, dictOfNamespace, indent, itemSeparator, keySeparator, sortKeys, level);
                break;
            case IReadOnlyList<object?> items:
                WriteContainer(builder, '[', ']', items.Count, indent, itemSeparator, level,
                    i => Write(builder, items[i], indent, itemSeparator, keySeparator, sortKeys, level + 1));
                break;
            case Undefined u:
                throw u.Fail();
            default:
                throw new JinjaRuntimeException($"Object of type {Values.TypeName(value)} is not JSON serializable");
        }
    }

    private static string Key(object? key) => key switch
    {
        bool b => b ? "true" : "false",
        null => "null",
        _ => Values.Str(key),
    };

    private static void WriteContainer(StringBuilder builder, char open, char close, int count, int? indent, string itemSeparator, int level, Action<int> item)
    {
        builder.Append(open);
        if (count == 0)
        {
            builder.Append(close);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(itemSeparator);
            }
            if (indent is { } width)
            {
                builder.Append('\n').Append(' ', width * (level + 1));
            }
            item(i);
        }
        if (indent is { } w)
        {
            builder.Append('\n').Append(' ', w * level);
        }
        builder.Append(close);
    }

    private static void WriteString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                case '\b': builder.Append(@"\b"); break;
                case '\f': builder.Append(@"\f"); break;
                case < ' ': builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }
}
