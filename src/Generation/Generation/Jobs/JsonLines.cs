using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Artifacts;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>JSON lines: one compact JSON object per line.</summary>
public static class JsonLines
{
    public const string ContentType = "application/jsonl";

    public static byte[] Write(IEnumerable<JsonNode> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.ToJsonString()).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static IReadOnlyList<JsonObject> Read(byte[] bytes, string key)
    {
        var rows = new List<JsonObject>();
        var number = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            try
            {
                rows.Add(JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object"));
            }
            catch (JsonException e)
            {
                throw new ArtifactStoreException($"{key}:{number}: not a JSON object ({e.Message})", e);
            }
        }
        return rows;
    }
}
