using Google.Protobuf;

namespace InstructLab.Aspire.Cli;

/// <summary>How --json prints protobuf messages: every field, defaults included, so scripts need not guess.</summary>
internal static class ProtoJson
{
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
}
