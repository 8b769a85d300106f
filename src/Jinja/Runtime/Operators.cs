namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Python's arithmetic on template values (bools count as 0 and 1, int / int is a float).</summary>
internal static class Operators
{
    public static object? Binary(string op, object? left, object? right)
    {
        if (left is Undefined l)
        {
            throw l.Fail();
        }
        if (right is Undefined r)
        {
            throw r.Fail();
        }
        return op switch
        {
            "+" => Add(left, right),
            "-" => Numeric(op, left, right, (a, b) => checked(a - b), (a, b) => a - b),
            "*" => Multiply(left, right),
            "/" => Values.ToDouble(Divisor(right)) is var d && Values.IsNumber(left) ? Values.ToDouble(left) / d : Unsupported(op, left, right),
            "//" => FloorDivide(left, Divisor(right)),
            "%" => left is string format ? PercentFormat.Apply(format, right) : Modulo(left, Divisor(right)),
            "**" => Power(left, right),
            _ => throw new JinjaRuntimeException($"unknown operator '{op}'"),
        };
    }

    private static object? Add(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => a + b,
        (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
        (object?[] a, object?[] b) => a.Concat(b).ToArray(),
        _ => Numeric("+", left, right, (a, b) => checked(a + b), (a, b) => a + b),
    };

    private static object? Multiply(object? left, object? right) => (left, right) switch
    {
        (string s, long or bool) => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, Values.ToLong(right)))),
        (long or bool, string s) => string.Concat(Enumerable.Repeat(s, (int)Math.Max(0, Values.ToLong(left)))),
        (List<object?> list, long or bool) => Enumerable.Repeat(list, (int)Math.Max(0, Values.ToLong(right))).SelectMany(x => x).ToList(),
        _ => Numeric("*", left, right, (a, b) => checked(a * b), (a, b) => a * b),
    };

    private static object? Numeric(string op, object? left, object? right, Func<long, long, long> integers, Func<double, double, double> floats)
    {
        if (!Values.IsNumber(left) || !Values.IsNumber(right))
        {
            return Unsupported(op, left, right);
        }
        return left is double || right is double ? floats(Values.ToDouble(left), Values.ToDouble(right)) : (object)integers(Values.ToLong(left), Values.ToLong(right));
    }

    private static object? Divisor(object? right) =>
        Values.IsNumber(right) && Values.ToDouble(right) == 0 ? throw new JinjaRuntimeException("division by zero") : right;

    private static object? FloorDivide(object? left, object? right) => Numeric("//", left, right,
        (a, b) => a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0),
        (a, b) => Math.Floor(a / b));

    private static object? Modulo(object? left, object? right) => Numeric("%", left, right,
        (a, b) => ((a % b) + b) % b,
        (a, b) => a - b * Math.Floor(a / b));

    private static object? Power(object? left, object? right)
    {
        if (left is long or bool && right is long or bool && Values.ToLong(right) >= 0)
        {
            var (b, e, result) = (Values.ToLong(left), Values.ToLong(right), 1L);
            for (var i = 0L; i < e; i++)
            {
                result = checked(result * b);
            }
            return result;
        }
        return Values.IsNumber(left) && Values.IsNumber(right) ? Math.Pow(Values.ToDouble(left), Values.ToDouble(right)) : Unsupported("**", left, right);
    }

    private static object? Unsupported(string op, object? left, object? right) =>
        throw new JinjaRuntimeException($"unsupported operand types for {op}: '{Values.TypeName(left)}' and '{Values.TypeName(right)}'");
}
