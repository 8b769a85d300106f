using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.ChatClients;

/// <summary>The JSON object a model wrote inside its answer (many write one even unasked, often amid prose).</summary>
public static class JsonInText
{
    /// <summary>The text from the first <c>{</c> to the last <c>}</c> as a JSON object, or null.</summary>
    public static JsonObject? Find(string answer)
    {
        var (start, end) = (answer.IndexOf('{'), answer.LastIndexOf('}'));
        if (start < 0 || end <= start)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(answer[start..(end + 1)]) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
