using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>
/// Resolves plain scalars the way PyYAML's SafeLoader does (YAML 1.1), because that is how InstructLab reads
/// qna.yaml: <c>15:45</c> is the integer 945, <c>yes</c> and <c>off</c> are booleans, <c>2024-01-01</c> is a date,
/// <c>1e3</c> stays a string.
/// </summary>
internal static partial class Yaml11Resolver
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Resolves a scalar; throws <see cref="FormatException"/> for what PyYAML's SafeLoader cannot construct.</summary>
    public static YamlValue Resolve(string text, bool plain, string? tag)
    {
        if (tag is { Length: > 0 } and not "!" and not "?")
        {
            return ResolveTagged(text, tag);
        }
        if (!plain)
        {
            return YamlValue.Of(text);
        }
        if (NullPattern().IsMatch(text))
        {
            return YamlValue.Null;
        }
        if (BoolPattern().IsMatch(text))
        {
            return new YamlValue(YamlValueKind.Boolean, Boolean: text[0] is 'y' or 'Y' or 't' or 'T' || text is "on" or "On" or "ON");
        }
        if (IntPattern().IsMatch(text))
        {
            return Integer(text);
        }
        if (FloatPattern().IsMatch(text))
        {
            return new YamlValue(YamlValueKind.Float, Float: Float(text));
        }
        if (TimestampPattern().IsMatch(text))
        {
            return new YamlValue(YamlValueKind.Timestamp, text);
        }
        if (text == "=")
        {
            throw new FormatException("a plain '=' is YAML 1.1's value key, which InstructLab's parser cannot read; put it in quotes");
        }
        return YamlValue.Of(text);
    }

    private static YamlValue ResolveTagged(string text, string tag) => tag switch
    {
        TagPrefix + "str" => YamlValue.Of(text),
        TagPrefix + "null" => YamlValue.Null,
        TagPrefix + "bool" when BoolPattern().IsMatch(text) => Resolve(text, true, null),
        TagPrefix + "int" when IntPattern().IsMatch(text) => Integer(text),
        TagPrefix + "float" when FloatPattern().IsMatch(text) || IntPattern().IsMatch(text) => new YamlValue(YamlValueKind.Float, Float: Float(text)),
        TagPrefix + "timestamp" when TimestampPattern().IsMatch(text) => new YamlValue(YamlValueKind.Timestamp, text),
        TagPrefix + "bool" or TagPrefix + "int" or TagPrefix + "float" or TagPrefix + "timestamp" =>
            throw new FormatException($"'{text}' cannot be read as {tag[TagPrefix.Length..]}"),
        _ => throw new FormatException($"InstructLab's parser has no constructor for the tag '{tag}'"),
    };

    private static YamlValue Integer(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal);
        var negative = clean.StartsWith('-');
        var digits = clean.TrimStart('-', '+');
        BigInteger value;
        if (digits.Contains(':', StringComparison.Ordinal))
        {
            value = digits.Split(':').Aggregate(BigInteger.Zero, (total, part) => total * 60 + BigInteger.Parse(part, CultureInfo.InvariantCulture));
        }
        else if (digits.StartsWith("0b", StringComparison.Ordinal))
        {
            value = digits[2..].Aggregate(BigInteger.Zero, (total, bit) => total * 2 + (bit - '0'));
        }
        else if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            value = BigInteger.Parse("0" + digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            value = digits[1..].Aggregate(BigInteger.Zero, (total, octal) => total * 8 + (octal - '0'));
        }
        else
        {
            value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        }
        if (negative)
        {
            value = -value;
        }
        return value >= long.MinValue && value <= long.MaxValue
            ? new YamlValue(YamlValueKind.Integer, Integer: (long)value)
            : new YamlValue(YamlValueKind.Integer, value.ToString(CultureInfo.InvariantCulture), IntegerOverflows: true);
    }

    private static double Float(string text)
    {
        var clean = text.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        var sign = clean.StartsWith('-') ? -1 : 1;
        clean = clean.TrimStart('-', '+');
        if (clean == ".inf")
        {
            return sign * double.PositiveInfinity;
        }
        if (clean == ".nan")
        {
            return double.NaN;
        }
        if (clean.Contains(':', StringComparison.Ordinal))
        {
            return sign * clean.Split(':').Aggregate(0.0, (total, part) => total * 60 + double.Parse(part, CultureInfo.InvariantCulture));
        }
        return sign * double.Parse(clean, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^(?:~|null|Null|NULL|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$")]
    private static partial Regex TimestampPattern();
}
