using System.Collections;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Jinja's tests: <c>x is defined</c>, <c>x is string</c>, <c>x is divisibleby 3</c>, …</summary>
internal static class Tests
{
    public static bool Apply(Renderer renderer, string name, object? value, IReadOnlyList<object?> a)
    {
        object? Arg() => a.Count > 0 ? a[0] : throw new JinjaRuntimeException($"test '{name}' needs an argument");
        return name switch
        {
            "defined" => value is not Undefined,
            "undefined" => value is Undefined,
            "none" => value is null,
            "boolean" => value is bool,
            "true" => value is true,
            "false" => value is false,
            "integer" => value is long,
            "float" => value is double,
            "number" => Values.IsNumber(value),
            "string" => value is string,
            "mapping" => value is PyDict,
            "iterable" => value is string or ICollection or Undefined,
            "sequence" => value is string or ICollection,
            "callable" => value is Callable,
            "sameas" => ReferenceEquals(value, Arg()) || (value is null && Arg() is null) || (value is bool b && Arg() is bool c && b == c),
            "escaped" => false,
            "in" => Comparisons.Contains(Arg(), value),
            "eq" or "equalto" or "==" => Values.Equal(value, Arg()),
            "ne" or "!=" => !Values.Equal(value, Arg()),
            "lt" or "lessthan" or "<" => Values.Compare(value, Arg()) < 0,
            "le" or "<=" => Values.Compare(value, Arg()) <= 0,
            "gt" or "greaterthan" or ">" => Values.Compare(value, Arg()) > 0,
            "ge" or ">=" => Values.Compare(value, Arg()) >= 0,
            "odd" => Values.ToLong(value) % 2 != 0,
            "even" => Values.ToLong(value) % 2 == 0,
            "divisibleby" => Values.ToLong(value) % Values.ToLong(Arg()) == 0,
            "lower" => value is string s && s == s.ToLowerInvariant(),
            "upper" => value is string t && t == t.ToUpperInvariant(),
            "filter" => Filters.Exists(Values.Str(value)),
            "test" => Exists(Values.Str(value)),
            _ => throw new JinjaRuntimeException($"no test named '{name}'"),
        };
    }

    private static bool Exists(string name) => name is "defined" or "undefined" or "none" or "boolean" or "true" or "false" or "integer"
        or "float" or "number" or "string" or "mapping" or "iterable" or "sequence" or "callable" or "sameas" or "escaped" or "in"
        or "eq" or "equalto" or "ne" or "lt" or "lessthan" or "le" or "gt" or "greaterthan" or "ge" or "odd" or "even"
        or "divisibleby" or "lower" or "upper" or "filter" or "test";
}
