using System.Globalization;

namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>Python's <c>repr(float)</c>: the shortest digits that round-trip, fixed notation for exponents -4 to 15.</summary>
internal static class PyFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        // "E16" would not be shortest; "R" is, and is re-laid out here with Python's rules.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E');
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;
        if (digits.Length == 0)
        {
            digits = "0";
        }
        var sign = value < 0 ? "-" : "";
        if (pointPosition is > -4 and <= 16)
        {
            string fixedText;
            if (pointPosition <= 0)
            {
                fixedText = "0." + new string('0', -pointPosition) + digits;
            }
            else if (pointPosition >= digits.Length)
            {
                fixedText = digits + new string('0', pointPosition - digits.Length) + ".0";
            }
            else
            {
                fixedText = digits[..pointPosition] + "." + digits[pointPosition..];
            }
            return sign + fixedText;
        }
        var scientificExponent = pointPosition - 1;
        var scientific = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return $"{sign}{scientific}e{(scientificExponent < 0 ? "-" : "+")}{Math.Abs(scientificExponent):00}";
    }
}
