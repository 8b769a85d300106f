using System.Text.Json.Nodes;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Serving.Templates;
using InstructLab.Aspire.TestSupport.Templates;

namespace InstructLab.Aspire.Serving.IntegrationTests;

public sealed class ChatTemplateTests
{
    private static JsonArray Conversation() => ChatMessages.Normalize(JsonNode.Parse("""
        [
          {"role": "system", "content": "You are a helpful assistant."},
          {"role": "user", "content": "Hello"},
          {"role": "assistant", "content": "Hi there!"},
          {"role": "user", "content": "  What is 2 + 2?\n"}
        ]
        """));

    public static TheoryData<FamilyTemplate> Families => [.. FamilyTemplate.All];

    [Theory]
    [MemberData(nameof(Families))]
    public void FamilyJinjaTemplateRendersAsLlamaCppsBuiltIn(FamilyTemplate family)
    {
        // BOS is added as a token, not text (llama.cpp's built-ins never write it); EOS is the family's end-of-turn text.
        var eos = family.Family is "llama2" or "mistral-v3" or "mistral-v7" ? "</s>" : "";
        var jinja = ChatTemplate.Create(family.Template, configured: null, bosToken: "", eosToken: eos)!;
        var builtin = ChatTemplate.Create(embedded: null, configured: family.BuiltinName, bosToken: "", eosToken: eos)!;

        Assert.Equal("the model's Jinja template", jinja.Description);
        Assert.StartsWith("llama.cpp built-in", builtin.Description);
        Assert.Equal(builtin.Render(Conversation(), true, null), jinja.Render(Conversation(), true, null));
    }

    [Fact]
    public void TemplatesThisEngineCannotParseFallBackToLlamaCppsRecognition()
    {
        // Not Jinja at all, but it carries ChatML's markers: llama.cpp recognises the format from them.
        var template = ChatTemplate.Create("<|im_start|>{% bogus syntax", configured: null, bosToken: "", eosToken: "")!;

        Assert.Contains("recognised", template.Description);
        Assert.Equal("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n",
            template.Render(ChatMessages.Normalize(JsonNode.Parse("""[{"role": "user", "content": "Hello"}]""")), true, null));
    }

    [Fact]
    public void NoTemplateMeansNoChatAndContentPartsAreJoined()
    {
        Assert.Null(ChatTemplate.Create(embedded: null, configured: null, "", ""));
        var messages = ChatMessages.Normalize(JsonNode.Parse("""[{"role": "developer", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]"""));
        Assert.Equal("system", (string)messages[0]!["role"]!);
        Assert.Equal("a\nb", (string)messages[0]!["content"]!);
    }
}
