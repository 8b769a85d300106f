using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>
/// The functions every template can call: Jinja's <c>range</c>, <c>namespace</c>, <c>dict</c>, and Hugging Face's
/// <c>raise_exception</c> and <c>strftime_now</c>.
/// </summary>
internal static class Globals
{
    public static IReadOnlyDictionary<string, object?> Create(JinjaOptions options) => new Dictionary<string, object?>
    {
        ["range"] = new BuiltinCallable("range", (renderer, a, _) => Range(renderer, a)),
        ["namespace"] = new BuiltinCallable("namespace", (a, n) => Namespace(a, n)),
        ["dict"] = new BuiltinCallable("dict", (a, n) => Dict(a, n)),
        ["raise_exception"] = new BuiltinCallable("raise_exception", (a, _) =>
            throw new JinjaRuntimeException(a.Count > 0 ? Values.Str(a[0]) : "raise_exception() was called", raisedByTemplate: true)),
        ["strftime_now"] = new BuiltinCallable("strftime_now", (a, _) => Strftime(options.Clock.GetLocalNow(), a.Count > 0 ? Values.Str(a[0]) : "")),
    };

    private static List<object?> Range(Renderer renderer, IReadOnlyList<object?> a)
    {
        var (start, stop, step) = a.Count switch
        {
            1 => (0L, Values.ToLong(a[0]), 1L),
            2 => (Values.ToLong(a[0]), Values.ToLong(a[1]), 1L),
            3 => (Values.ToLong(a[0]), Values.ToLong(a[1]), Values.ToLong(a[2])),
            _ => throw new JinjaRuntimeException("range() takes 1 to 3 arguments"),
        };
        if (step == 0)
        {
            throw new JinjaRuntimeException("range() arg 3 must not be zero");
        }
        var items = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            renderer.CountIteration();
            items.Add(i);
        }
        return items;
    }

    private static JinjaNamespace Namespace(IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n)
    {
        var ns = new JinjaNamespace();
        foreach (var initial in a.OfType<PyDict>())
        {
            foreach (var (key, value) in initial)
            {
                ns.Attributes[Values.Str(key)] = value;
            }
        }
        foreach (var (key, value) in n)
        {
            ns.Attributes[key] = value;
        }
        return ns;
    }

    private static PyDict Dict(IReadOnlyList<object?> a, IReadOnlyDictionary<string, object?> n)
    {
        var dict = new PyDict();
        foreach (var (key, value) in a.OfType<PyDict>().SelectMany(d => d))
        {
            dict[key] = value;
        }
        foreach (var (key, value) in n)
        {
            dict[key] = value;
        }
        return dict;
    }

    /// <summary>Python's <c>strftime</c> for the directives templates use (C locale names).</summary>
    public static string Strftime(DateTimeOffset now, string format)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                builder.Append(format[i]);
                continue;
            }
            var directive = format[++i];
            builder.Append(directive switch
            {
                'd' => now.Day.ToString("00", CultureInfo.InvariantCulture),
                'm' => now.Month.ToString("00", CultureInfo.InvariantCulture),
                'Y' => now.Year.ToString("0000", CultureInfo.InvariantCulture),
                'y' => (now.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                'H' => now.Hour.ToString("00", CultureInfo.InvariantCulture),
                'I' => ((now.Hour + 11) % 12 + 1).ToString("00", CultureInfo.InvariantCulture),
                'M' => now.Minute.ToString("00", CultureInfo.InvariantCulture),
                'S' => now.Second.ToString("00", CultureInfo.InvariantCulture),
                'p' => now.Hour < 12 ? "AM" : "PM",
                'b' => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(now.Month),
                'B' => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(now.Month),
                'a' => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(now.DayOfWeek),
                'A' => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(now.DayOfWeek),
                'j' => now.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => "%" + directive,
            });
        }
        return builder.ToString();
    }
}
