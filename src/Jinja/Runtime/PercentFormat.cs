using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Python's <c>"…" % value</c> for the conversions templates use: %s, %r, %d, %i, %f, %%.</summary>
internal static class PercentFormat
{
    public static string Apply(string format, object? arguments)
    {
        var values = arguments is object?[] tuple ? tuple : [arguments];
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }
            var conversion = format[++i];
            if (conversion == '%')
            {
                builder.Append('%');
                continue;
            }
            if (next >= values.Length)
            {
                throw new JinjaRuntimeException("not enough arguments for format string");
            }
            var value = values[next++];
            builder.Append(conversion switch
            {
                's' => Values.Str(value),
                'r' => Values.Repr(value),
                'd' or 'i' => Values.ToLong(value).ToString(CultureInfo.InvariantCulture),
                'f' => Values.ToDouble(value).ToString("F6", CultureInfo.InvariantCulture),
                _ => throw new JinjaRuntimeException($"unsupported format character '{conversion}'"),
            });
        }
        return builder.ToString();
    }
}
