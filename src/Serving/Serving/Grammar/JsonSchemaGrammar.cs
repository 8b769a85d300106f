using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Serving.Grammar;

/// <summary>
/// Turns a JSON schema into a GBNF grammar for llama.cpp's sampler, so that every completion the grammar allows parses
/// as JSON and validates against the schema. Objects carry their required properties first, optional ones after,
/// and no others unless <c>additionalProperties</c> allows them; whitespace is at most one space after <c>:</c> and
/// <c>,</c>; numbers have bounded digits. Keywords that a grammar cannot guarantee are refused with their path.
/// </summary>
public static class JsonSchemaGrammar
{
    /// <summary>The longest minLength or maxLength a grammar spells out (a rule per character of the optional part).</summary>
    public const int MaxLengthBound = 8192;

    /// <summary>Keywords that describe but do not constrain.</summary>
    private static readonly HashSet<string> Annotations =
        ["title", "description", "$schema", "$id", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly", "$defs", "definitions"];

    private static readonly HashSet<string> Constraints =
    [
        "type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "properties", "required", "additionalProperties", "items",
        "prefixItems", "minItems", "maxItems", "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    ];

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Largest integer range written out value by value.</summary>
    private const int MaxEnumeratedRange = 1000;

    /// <summary>A grammar for any JSON object (<c>response_format: json_object</c>).</summary>
    public static string AnyObject()
    {
        var converter = new Converter(new JsonObject());
        converter.Rules.Define("root", converter.Primitive("object"));
        return converter.Rules.ToString();
    }

    /// <summary>A grammar for the schema; throws <see cref="GrammarException"/> naming the keyword it cannot honour.</summary>
    public static string FromSchema(JsonNode schema)
    {
        var converter = new Converter(schema);
        converter.Rules.Reserve("root");
        converter.Rules.Define("root", converter.Convert(schema, "$", "root-value"));
        return converter.Rules.ToString();
    }

    private sealed class Converter(JsonNode root)
    {
        private readonly Dictionary<string, string> references = new(StringComparer.Ordinal);

        public GbnfRules Rules { get; } = new();

        public string Convert(JsonNode? schema, string path, string name)
        {
            switch (schema)
            {
                case JsonValue value when value.TryGetValue<bool>(out var boolean):
                    return boolean ? Primitive("value") : throw new GrammarException(path, "the schema 'false' allows no value");
                case not JsonObject:
                    throw new GrammarException(path, "a schema must be an object or a boolean");
            }
            var node = (JsonObject)schema;
            foreach (var (keyword, _) in node)
            {
                if (!Constraints.Contains(keyword) && !Annotations.Contains(keyword))
                {
                    throw new GrammarException($"{path}.{keyword}",
                        $"'{keyword}' is not supported in structured output; supported keywords: {string.Join(", ", Constraints)}");
                }
            }
            if (node["$ref"] is { } reference)
            {
                return Reference(reference.GetValue<string>(), $"{path}.$ref");
            }
            if (node["const"] is { } constant || node.ContainsKey("const"))
            {
                return GbnfRules.Literal(Json(node["const"]));
            }
            if (node["enum"] is JsonArray values)
            {
                return values.Count == 0
                    ? throw new GrammarException($"{path}.enum", "an empty enum allows no value")
                    : Group(string.Join(" | ", values.Select(v => GbnfRules.Literal(Json(v)))));
            }
            if (node["anyOf"] is JsonArray anyOf || node["oneOf"] is JsonArray)
            {
                var (keyword, branches) = node["anyOf"] is JsonArray a ? ("anyOf", a) : ("oneOf", (JsonArray)node["oneOf"]!);
                return Group(string.Join(" | ", branches.Select((b, i) => Convert(b, $"{path}.{keyword}[{i}]", $"{name}-{i}"))));
            }
            if (node["allOf"] is JsonArray allOf)
            {
                return allOf.Count == 1
                    ? Convert(allOf[0], $"{path}.allOf[0]", name)
                    : throw new GrammarException($"{path}.allOf", "allOf with more than one schema is not supported; merge them into one");
            }
            var types = node["type"] switch
            {
                null => [InferType(node)],
                JsonArray list => list.Select(t => t!.GetValue<string>()).ToArray(),
                var single => [single.GetValue<string>()],
            };
            return Group(string.Join(" | ", types.Select(type => Typed(type, node, path, types.Length > 1 ? $"{name}-{type}" : name))));
        }

        private static string InferType(JsonObject node) =>
            node.ContainsKey("properties") || node.ContainsKey("required") || node.ContainsKey("additionalProperties") ? "object"
            : node.ContainsKey("items") || node.ContainsKey("prefixItems") ? "array"
            : node.ContainsKey("minLength") || node.ContainsKey("maxLength") || node.ContainsKey("format") ? "string"
            : "any";

        private string Typed(string type, JsonObject node, string path, string name) => type switch
        {
            "object" => Object(node, path, name),
            "array" => Array(node, path, name),
            "string" => String(node, path, name),
            "integer" => Integer(node, path, name),
            "number" => Number(node, path),
            "boolean" => Primitive("boolean"),
            "null" => Primitive("null"),
            "any" => Primitive("value"),
            _ => throw new GrammarException($"{path}.type", $"unknown type '{type}'; allowed: object, array, string, integer, number, boolean, null"),
        };

        private string Object(JsonObject node, string path, string name)
        {
            var properties = node["properties"] as JsonObject ?? [];
            var required = (node["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
            string Pair(string key, JsonNode? schema, string where) =>
                $"{GbnfRules.Literal(Json(JsonValue.Create(key)))} \":\" ws {Convert(schema, where, $"{name}-{key}")}";
            var requiredPairs = new List<string>();
            var optionalPairs = new List<string>();
            foreach (var (key, schema) in properties)
            {
                (required.Contains(key) ? requiredPairs : optionalPairs).Add(Pair(key, schema, $"{path}.properties.{key}"));
            }
            foreach (var missing in required.Where(r => !properties.ContainsKey(r)))
            {
                requiredPairs.Add(Pair(missing, JsonValue.Create(true), $"{path}.required"));
            }
            Primitive("ws");
            var extra = node["additionalProperties"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? $"{Primitive("string")} \":\" ws {Primitive("value")}" : null,
                var schema => $"{Primitive("string")} \":\" ws {Convert(schema, $"{path}.additionalProperties", $"{name}-additional")}",
            };
            string body;
            if (requiredPairs.Count > 0)
            {
                body = string.Join(" \",\" ws ", requiredPairs)
                    + string.Concat(optionalPairs.Select(p => $" (\",\" ws {p})?"))
                    + (extra is null ? "" : $" (\",\" ws {extra})*");
            }
            else
            {
                // No required property: any optional one may come first, the later ones after it, extras last.
                var tail = extra is null ? "" : $" (\",\" ws {extra})*";
                var starts = optionalPairs.Select((p, i) => p + string.Concat(optionalPairs.Skip(i + 1).Select(q => $" (\",\" ws {q})?")) + tail).ToList();
                if (extra is not null)
                {
                    starts.Add(extra + tail);
                }
                body = starts.Count == 0 ? "" : $"({string.Join(" | ", starts)})?";
            }
            return Rules.Add(name, body.Length == 0 ? "\"{\" \"}\"" : $"\"{{\" {body} \"}}\"");
        }

        private string Array(JsonObject node, string path, string name)
        {
            var prefix = (node["prefixItems"] as JsonArray ?? []).Select((s, i) => Convert(s, $"{path}.prefixItems[{i}]", $"{name}-{i}")).ToList();
            var items = node["items"] switch
            {
                null when prefix.Count > 0 => null,
                null => Primitive("value"),
                JsonValue v when v.TryGetValue<bool>(out var allowed) => allowed ? Primitive("value") : null,
                var schema => Convert(schema, $"{path}.items", $"{name}-item"),
            };
            var minItems = Count(node, "minItems", path) ?? 0;
            var maxItems = Count(node, "maxItems", path) ?? int.MaxValue;
            var total = items is null ? Math.Min(maxItems, prefix.Count) : maxItems;
            if (total < minItems)
            {
                throw new GrammarException($"{path}.minItems", $"minItems {minItems} cannot be met: at most {total} items are allowed");
            }
            Primitive("ws");
            return Rules.Add(name, $"\"[\" {new ArrayShape(prefix, items, minItems, total).Elements(0)} \"]\"".Replace("\"[\"  \"]\"", "\"[\" \"]\"", StringComparison.Ordinal));
        }

        /// <summary>
        /// The elements of an array from index i on: prefixItems[i] while there is one, then items; the first
        /// minItems are required, the rest optional, at most total in all.
        /// </summary>
        private sealed record ArrayShape(List<string> Prefix, string? Items, int MinItems, int Total)
        {
            public string Elements(int i)
            {
                if (i >= Total)
                {
                    return "";
                }
                if (i < MinItems)
                {
                    return $"{Separator(i)}{Element(i)} {Elements(i + 1)}".TrimEnd();
                }
                if (i < Prefix.Count)
                {
                    return $"({Separator(i)}{Element(i)} {Elements(i + 1)})?".Replace(" )?", ")?", StringComparison.Ordinal);
                }
                var repeat = Total == int.MaxValue ? "*" : $"{{0,{Total - i - (i == 0 ? 1 : 0)}}}";
                return i == 0 ? $"({Items} (\",\" ws {Items}){repeat})?" : $"(\",\" ws {Items}){repeat}";
            }

            private string Element(int i) => i < Prefix.Count ? Prefix[i] : Items!;

            private static string Separator(int i) => i == 0 ? "" : "\",\" ws ";
        }

        private string String(JsonObject node, string path, string name)
        {
            var format = node["format"]?.GetValue<string>();
            if (format is "date" or "time" or "date-time" or "uuid")
            {
                return Primitive(format);
            }
            var minLength = Count(node, "minLength", path);
            var maxLength = Count(node, "maxLength", path);
            if (minLength is null && maxLength is null)
            {
                return Primitive("string");
            }
            if (maxLength < minLength)
            {
                throw new GrammarException($"{path}.maxLength", $"maxLength {maxLength} is below minLength {minLength}");
            }
            if (Math.Max(minLength ?? 0, maxLength ?? 0) > MaxLengthBound)
            {
                throw new GrammarException($"{path}.{(maxLength > MaxLengthBound ? "maxLength" : "minLength")}", $"at most {MaxLengthBound} can be enforced");
            }
            Primitive("char");
            return Rules.Add(name, $"\"\\\"\" {Rules.Repeat("char", minLength ?? 0, maxLength)} \"\\\"\"");
        }

        private string Integer(JsonObject node, string path, string name)
        {
            var minimum = Bound(node, "minimum", path) ?? (Bound(node, "exclusiveMinimum", path) is { } em ? Math.Floor(em) + 1 : null);
            var maximum = Bound(node, "maximum", path) ?? (Bound(node, "exclusiveMaximum", path) is { } eM ? Math.Ceiling(eM) - 1 : null);
            if (minimum is null && maximum is null)
            {
                return Primitive("integer");
            }
            var low = minimum is { } min ? (long)Math.Ceiling(min) : (long?)null;
            var high = maximum is { } max ? (long)Math.Floor(max) : (long?)null;
            if (low is { } l && high is { } h)
            {
                if (h < l)
                {
                    throw new GrammarException($"{path}.maximum", $"maximum {h} is below minimum {l}");
                }
                if (h - l < MaxEnumeratedRange)
                {
                    return Rules.Add(name, string.Join(" | ", Enumerable.Range(0, (int)(h - l + 1)).Select(i => GbnfRules.Literal((l + i).ToString(CultureInfo.InvariantCulture)))));
                }
            }
            if (high is null && low is 0)
            {
                return Rules.Add("non-negative-integer", "\"0\" | [1-9] [0-9]{0,15}");
            }
            if (high is null && low is 1)
            {
                return Rules.Add("positive-integer", "[1-9] [0-9]{0,15}");
            }
            throw new GrammarException($"{path}.minimum",
                $"integer bounds [{low?.ToString(CultureInfo.InvariantCulture) ?? "-∞"}, {high?.ToString(CultureInfo.InvariantCulture) ?? "∞"}] are not supported: use a range of at most {MaxEnumeratedRange} values, or minimum 0 or 1 without maximum");
        }

        private string Number(JsonObject node, string path)
        {
            var minimum = Bound(node, "minimum", path);
            if (node.ContainsKey("maximum") || node.ContainsKey("exclusiveMaximum") || node.ContainsKey("exclusiveMinimum") || minimum is not (null or 0))
            {
                throw new GrammarException($"{path}.minimum", "bounds on a 'number' are not supported except minimum 0; use an integer range or drop the bound");
            }
            return minimum is 0 ? Rules.Add("non-negative-number", "(\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?") : Primitive("number");
        }

        private string Reference(string reference, string path)
        {
            if (references.TryGetValue(reference, out var existing))
            {
                return existing;
            }
            var parts = reference.Split('/');
            if (parts.Length != 3 || parts[0] != "#" || parts[1] is not ("$defs" or "definitions"))
            {
                throw new GrammarException(path, $"'{reference}': only local references to #/$defs/… or #/definitions/… are supported");
            }
            var target = root[parts[1]]?[parts[2]] ?? throw new GrammarException(path, $"'{reference}' points to nothing");
            var rule = Rules.Reserve($"ref-{parts[2]}");
            references[reference] = rule;
            Rules.Define(rule, Convert(target, $"$.{parts[1]}.{parts[2]}", $"{rule}-body"));
            return rule;
        }

        /// <summary>A shared rule for a JSON building block, added the first time it is used.</summary>
        public string Primitive(string name)
        {
            if (Rules.Contains(name))
            {
                return name;
            }
            var body = name switch
            {
                "ws" => "\" \"?",
                "char" => "[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})",
                "string" => $"\"\\\"\" {Primitive("char")}* \"\\\"\"",
                "integer" => "\"-\"? (\"0\" | [1-9] [0-9]{0,15})",
                "number" => "\"-\"? (\"0\" | [1-9] [0-9]{0,15}) (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?",
                "boolean" => "\"true\" | \"false\"",
                "null" => "\"null\"",
                "date-part" => "[0-9]{4} \"-\" (\"0\" [1-9] | \"1\" [0-2]) \"-\" (\"0\" [1-9] | [12] [0-9] | \"3\" [01])",
                "time-part" => "([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9]{1,6})? (\"Z\" | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])",
                "date" => $"\"\\\"\" {Primitive("date-part")} \"\\\"\"",
                "time" => $"\"\\\"\" {Primitive("time-part")} \"\\\"\"",
                "date-time" => $"\"\\\"\" {Primitive("date-part")} \"T\" {Primitive("time-part")} \"\\\"\"",
                "uuid" => "\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\"",
                "value" => "object | array | string | number | boolean | null",
                "object" => "\"{\" (string \":\" ws value (\",\" ws string \":\" ws value)*)? \"}\"",
                "array" => "\"[\" (value (\",\" ws value)*)? \"]\"",
                _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such building block"),
            };
            Rules.Define(name, "");
            if (name is "value" or "object" or "array")
            {
                foreach (var part in new[] { "ws", "string", "number", "boolean", "null", "object", "array", "value" })
                {
                    Primitive(part);
                }
            }
            Rules.Define(name, body);
            return name;
        }

        private static int? Count(JsonObject node, string keyword, string path) => node[keyword] switch
        {
            null => null,
            var v when v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() is >= 0 and <= int.MaxValue and var d && d == Math.Floor(d) => (int)d,
            _ => throw new GrammarException($"{path}.{keyword}", $"'{keyword}' must be a non-negative integer"),
        };

        private static double? Bound(JsonObject node, string keyword, string path) => node[keyword] switch
        {
            null => null,
            var v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            _ => throw new GrammarException($"{path}.{keyword}", $"'{keyword}' must be a number"),
        };

        private static string Group(string alternatives) => alternatives.Contains(" | ", StringComparison.Ordinal) ? $"({alternatives})" : alternatives;

        private static string Json(JsonNode? value) => value is null ? "null" : value.ToJsonString(Compact);
    }
}
