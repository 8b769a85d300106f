namespace InstructLab.Aspire.Taxonomy.Yaml;

/// <summary>What a YAML 1.1 scalar means, as PyYAML reads it.</summary>
public enum YamlValueKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
    Timestamp,
}

/// <summary>A resolved scalar. <see cref="Integer"/> uses <see cref="System.Numerics.BigInteger"/> text form when huge.</summary>
public readonly record struct YamlValue(YamlValueKind Kind, string? String = null, bool Boolean = false, long Integer = 0,
    double Float = 0, bool IntegerOverflows = false)
{
    public static YamlValue Null => new(YamlValueKind.Null);

    public static YamlValue Of(string text) => new(YamlValueKind.String, text);

    /// <summary>The value for messages: 945 for 15:45, true for yes, inf for .inf, the text of a date.</summary>
    public string Describe(string text) => Kind switch
    {
        YamlValueKind.Null => "null",
        YamlValueKind.Boolean => Boolean ? "true" : "false",
        YamlValueKind.Integer => IntegerOverflows ? text : Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        YamlValueKind.Float when double.IsNaN(Float) => "nan",
        YamlValueKind.Float when double.IsInfinity(Float) => Float > 0 ? "inf" : "-inf",
        YamlValueKind.Float => Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => text,
    };

    /// <summary>The JSON type name the value has for the schema ("string", "integer", "number", "boolean", "null", "date").</summary>
    public string JsonType => Kind switch
    {
        YamlValueKind.String => "string",
        YamlValueKind.Null => "null",
        YamlValueKind.Boolean => "boolean",
        YamlValueKind.Integer => "integer",
        YamlValueKind.Float => "number",
        _ => "date",
    };
}
