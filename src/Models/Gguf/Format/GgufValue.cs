using System.Globalization;
using System.Text;

namespace InstructLab.Aspire.Gguf.Format;

/// <summary>
/// A GGUF metadata value, kept exactly as stored (type, element type, bytes of strings) so a file read and written back
/// is identical. Arrays are typed CLR arrays: <c>float[]</c>, <c>int[]</c>, … and <c>byte[][]</c> for strings.
/// </summary>
public sealed class GgufValue
{
    private GgufValue(GgufValueType type, object raw, GgufValueType elementType = default)
    {
        Type = type;
        Raw = raw;
        ElementType = elementType;
    }

    /// <summary>The stored type.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays: the type of the elements.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>The value: a boxed number or bool, the UTF-8 bytes of a string, or a typed array.</summary>
    public object Raw { get; }

    /// <summary>Number of elements of an array (1 for scalars).</summary>
    public long Count => Raw is Array array && Type == GgufValueType.Array ? array.LongLength : 1;

    /// <summary>A string value.</summary>
    public static GgufValue Of(string value) => new(GgufValueType.String, Encoding.UTF8.GetBytes(value));

    /// <summary>A uint32 value.</summary>
    public static GgufValue Of(uint value) => new(GgufValueType.UInt32, value);

    /// <summary>An int32 value.</summary>
    public static GgufValue Of(int value) => new(GgufValueType.Int32, value);

    /// <summary>A uint64 value.</summary>
    public static GgufValue Of(ulong value) => new(GgufValueType.UInt64, value);

    /// <summary>A float32 value.</summary>
    public static GgufValue Of(float value) => new(GgufValueType.Float32, value);

    /// <summary>A bool value.</summary>
    public static GgufValue Of(bool value) => new(GgufValueType.Bool, value);

    /// <summary>An array of strings.</summary>
    public static GgufValue Of(IEnumerable<string> values) =>
        new(GgufValueType.Array, values.Select(Encoding.UTF8.GetBytes).ToArray(), GgufValueType.String);

    /// <summary>An array of float32.</summary>
    public static GgufValue Of(float[] values) => new(GgufValueType.Array, values, GgufValueType.Float32);

    /// <summary>An array of int32.</summary>
    public static GgufValue Of(int[] values) => new(GgufValueType.Array, values, GgufValueType.Int32);

    /// <summary>A value as read from a file (the reader's constructor).</summary>
    internal static GgufValue Stored(GgufValueType type, object raw, GgufValueType elementType = default) => new(type, raw, elementType);

    /// <summary>The string (UTF-8 decoded).</summary>
    public string AsString() => Raw is byte[] bytes && Type == GgufValueType.String
        ? Encoding.UTF8.GetString(bytes)
        : throw new InvalidCastException($"GGUF value of type {Type} is not a string.");

    /// <summary>Any integer type as a long.</summary>
    public long AsInteger() => Type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.UInt16 or GgufValueType.Int16 or GgufValueType.UInt32 or
            GgufValueType.Int32 or GgufValueType.Int64 => Convert.ToInt64(Raw, CultureInfo.InvariantCulture),
        GgufValueType.UInt64 => checked((long)(ulong)Raw),
        _ => throw new InvalidCastException($"GGUF value of type {Type} is not an integer."),
    };

    /// <summary>A float32 or float64 (or integer) as a double.</summary>
    public double AsFloat() => Type switch
    {
        GgufValueType.Float32 => (float)Raw,
        GgufValueType.Float64 => (double)Raw,
        _ => AsInteger(),
    };

    /// <summary>A bool.</summary>
    public bool AsBool() => Type == GgufValueType.Bool ? (bool)Raw : throw new InvalidCastException($"GGUF value of type {Type} is not a bool.");

    /// <summary>An array of strings.</summary>
    public string[] AsStrings() => Raw is byte[][] strings
        ? [.. strings.Select(Encoding.UTF8.GetString)]
        : throw new InvalidCastException($"GGUF value of type {Type}[{ElementType}] is not an array of strings.");

    /// <summary>An array of float32.</summary>
    public float[] AsFloats() => Raw as float[] ?? throw new InvalidCastException($"GGUF value of type {Type}[{ElementType}] is not an array of float32.");

    /// <summary>An array of any integer type, as int32.</summary>
    public int[] AsInt32s() => Raw switch
    {
        int[] ints => ints,
        uint[] uints => [.. uints.Select(u => checked((int)u))],
        byte[] bytes when Type == GgufValueType.Array => [.. bytes.Select(b => (int)b)],
        sbyte[] bytes => [.. bytes.Select(b => (int)b)],
        short[] shorts => [.. shorts.Select(s => (int)s)],
        ushort[] shorts => [.. shorts.Select(s => (int)s)],
        long[] longs => [.. longs.Select(l => checked((int)l))],
        _ => throw new InvalidCastException($"GGUF value of type {Type}[{ElementType}] is not an array of integers."),
    };

    /// <summary>A short human form: the value, or the array's type and length with its first items.</summary>
    public override string ToString() => Type switch
    {
        GgufValueType.String => AsString(),
        GgufValueType.Array when Raw is byte[][] strings => $"[{strings.Length} strings: {string.Join(", ", strings.Take(3).Select(s => $"\"{Encoding.UTF8.GetString(s)}\""))}{(strings.Length > 3 ? ", …" : "")}]",
        GgufValueType.Array => $"[{Count} × {ElementType}: {string.Join(", ", ((Array)Raw).Cast<object>().Take(4).Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)))}{(Count > 4 ? ", …" : "")}]",
        GgufValueType.Float32 or GgufValueType.Float64 => AsFloat().ToString("G6", CultureInfo.InvariantCulture),
        _ => Convert.ToString(Raw, CultureInfo.InvariantCulture) ?? "",
    };
}
