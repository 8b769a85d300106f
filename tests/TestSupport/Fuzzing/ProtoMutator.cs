using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace InstructLab.Aspire.TestSupport.Fuzzing;

/// <summary>
/// Mutates a valid protobuf request field by field (a fixed-seed <see cref="Random"/>): strings become hostile text
/// (empty, huge, paths out of a root, control characters, URLs of no server), numbers become extremes, enums values
/// that do not exist, messages are dropped or mutated inside, repeated fields grow junk elements or empty out.
/// </summary>
public static class ProtoMutator
{
    private static readonly string[] Strings =
    [
        "", " ", "\0", "../../../../etc/passwd", "/etc/passwd", "~", "-1", "NaN", "{}", "[", "null", "ü💥\u202e", new string('a', 100_000),
        "http://127.0.0.1:1/v1", "ext::sh -c id", "artifact:../../x", "file:///etc/passwd", "origin/main", "empty", "simple", "full",
        "00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "qna.yaml", "knowledge", "a:b/c", "%s%s%n", "'; DROP TABLE x; --",
    ];

    private static readonly long[] Integers = [0, -1, 1, 2, 7, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1 << 20];

    private static readonly double[] Doubles = [0, -1, 0.5, 1, 2, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e-308];

    /// <summary>A copy of <paramref name="valid"/> with <paramref name="edits"/> fields changed.</summary>
    public static T Mutate<T>(T valid, Random random, int edits) where T : IMessage<T>
    {
        var message = valid.Clone();
        for (var i = 0; i < edits; i++)
        {
            MutateOne(message, random, depth: 0);
        }
        return message;
    }

    private static void MutateOne(IMessage message, Random random, int depth)
    {
        var fields = message.Descriptor.Fields.InDeclarationOrder().Where(f => !f.IsMap).ToList();
        if (fields.Count == 0)
        {
            return;
        }
        var field = fields[random.Next(fields.Count)];
        if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            if (random.Next(4) == 0)
            {
                list.Clear();
                return;
            }
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                list.Add(Value(field, random, depth, current: null));
            }
            return;
        }
        field.Accessor.SetValue(message, Value(field, random, depth, field.Accessor.GetValue(message)));
    }

    private static object Value(FieldDescriptor field, Random random, int depth, object? current) => field.FieldType switch
    {
        FieldType.String => Strings[random.Next(Strings.Length)],
        FieldType.Bytes => ByteString.CopyFrom([.. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))]),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Double => Doubles[random.Next(Doubles.Length)],
        FieldType.Float => (float)Doubles[random.Next(Doubles.Length)],
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Integers[random.Next(Integers.Length)],
        FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)Integers[random.Next(Integers.Length)]),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Integers[random.Next(Integers.Length)],
        FieldType.UInt64 or FieldType.Fixed64 => unchecked((ulong)Integers[random.Next(Integers.Length)]),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(3) == 0 ? 99 : field.EnumType.Values[random.Next(field.EnumType.Values.Count)].Number),
        FieldType.Message => MessageValue(field, random, depth, current as IMessage),
        _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType}"),
    };

    private static IMessage MessageValue(FieldDescriptor field, Random random, int depth, IMessage? current)
    {
        var message = current is not null && random.Next(3) > 0 ? current : field.MessageType.Parser.ParseFrom(ByteString.Empty);
        if (depth < 4)
        {
            MutateOne(message, random, depth + 1);
        }
        return message;
    }
}
