using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.UnitTests;

/// <summary>Rows and a run context for blocks that make no teacher or judge calls.</summary>
internal static class Rows
{
    public static JsonObject Row(string id, params (string Column, JsonNode? Value)[] columns)
    {
        var row = new JsonObject { [Columns.Id] = id, [Columns.Seed] = id.Split('/')[0] };
        foreach (var (column, value) in columns)
        {
            row[column] = value;
        }
        return row;
    }

    /// <summary>A context whose teacher is never called: these blocks do not ask one.</summary>
    public static PipelineContext Context(long seed = 7) => new()
    {
        Teacher = new OpenAiChatEndpoint(new ChatEndpointOptions { Url = new Uri("http://127.0.0.1:9"), Model = "unused" }),
        Leaf = "compositional_skills/test",
        Seed = seed,
        SamplesPerSeed = 2,
    };
}
