using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Jinja.UnitTests;

/// <summary>Variables the corpus renders with, as JSON so that both engines read the same values.</summary>
internal static class Cases
{
    public static JsonObject Conversation(bool system = true, bool generationPrompt = true, bool endsWithAssistant = false)
    {
        var messages = new JsonArray();
        if (system)
        {
            messages.Add(Message("system", "You are a helpful assistant."));
        }
        messages.Add(Message("user", "Hello"));
        messages.Add(Message("assistant", "Hi there!"));
        messages.Add(Message("user", "  What is 2 + 2?\n"));
        if (endsWithAssistant)
        {
            messages.Add(Message("assistant", "   4   "));
        }
        return new JsonObject
        {
            ["messages"] = messages,
            ["add_generation_prompt"] = generationPrompt,
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
        };
    }

    public static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    public static JsonObject Values() => new()
    {
        ["s"] = "  Hello, Wörld! ",
        ["n"] = 7,
        ["f"] = 2.5,
        ["items"] = new JsonArray(3, 1, 2),
        ["words"] = new JsonArray("banana", "Apple", "cherry", "apple"),
        ["d"] = new JsonObject { ["b"] = 2, ["a"] = 1, ["nested"] = new JsonObject { ["x"] = new JsonArray(1, "two", null, true, 1.5) } },
        ["people"] = new JsonArray(
            new JsonObject { ["name"] = "Ada", ["role"] = "user", ["age"] = 36 },
            new JsonObject { ["name"] = "Bob", ["role"] = "assistant", ["age"] = 17 },
            new JsonObject { ["name"] = "Cy", ["role"] = "user", ["age"] = 52 }),
        ["empty"] = new JsonArray(),
        ["nothing"] = null,
        ["yes"] = true,
        ["text"] = "line one\nline two\n\nline four",
        ["unicode"] = "日本語 ✓ \"quoted\" \\ tab\t",
    };
}
