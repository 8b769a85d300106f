using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>
/// One line of a training file in the format instructlab/training reads:
/// <c>{"id", "messages": [{"role", "content"}], "metadata": "&lt;json string&gt;", "unmask"}</c>.
/// </summary>
public static class TrainingLine
{
    public static JsonObject Create(string id, string system, string user, string assistant, JsonObject metadata, bool unmask) => new()
    {
        ["id"] = id,
        ["messages"] = new JsonArray(
            Message("system", system),
            Message("user", user),
            Message("assistant", assistant)),
        ["metadata"] = metadata.ToJsonString(),
        ["unmask"] = unmask,
    };

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };
}
