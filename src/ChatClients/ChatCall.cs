using System.Text.Json.Nodes;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// One chat completion to make. With <see cref="Schema"/> the answer must be JSON that the schema allows; the
/// endpoint enforces it when it supports structured output, and the caller parses text otherwise.
/// </summary>
public sealed record ChatCall
{
    public required IReadOnlyList<ChatTurn> Messages { get; init; }

    public float Temperature { get; init; } = 0.7f;

    public float TopP { get; init; } = 1f;

    public int MaxTokens { get; init; } = 512;

    /// <summary>Sampling seed: the same call with the same seed gives the same answer on a deterministic endpoint.</summary>
    public long Seed { get; init; }

    public JsonObject? Schema { get; init; }

    /// <summary>Name of the schema, as OpenAI's <c>json_schema.name</c>.</summary>
    public string SchemaName { get; init; } = "output";
}
