using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Jinja;
using LLama;
using LLama.Native;

namespace InstructLab.Aspire.LlamaCpp.Templates;

/// <summary>
/// Turns chat messages into a model's prompt text: the GGUF's own Jinja <c>tokenizer.chat_template</c> (as Hugging Face
/// renders it), or one of llama.cpp's built-in templates, chosen by name or recognised from a template this engine
/// cannot parse.
/// </summary>
public abstract class ChatTemplate
{
    /// <summary>Where the template came from, for logs and <c>/v1/models</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Renders <paramref name="messages"/> (already checked by <see cref="ChatMessages"/>).</summary>
    public abstract string Render(JsonArray messages, bool addGenerationPrompt, JsonObject? templateArguments);

    /// <summary>
    /// The template for a model: <paramref name="configured"/> (a built-in name or Jinja) wins over the GGUF's
    /// <paramref name="embedded"/>; null when there is neither.
    /// </summary>
    public static ChatTemplate? Create(string? embedded, string? configured, string bosToken, string eosToken)
    {
        var source = configured is { Length: > 0 } ? configured : embedded;
        if (source is not { Length: > 0 })
        {
            return null;
        }
        if (BuiltinNames.Contains(source.Trim()))
        {
            return new BuiltinChatTemplate(source.Trim(), $"llama.cpp built-in '{source.Trim()}'");
        }
        try
        {
            return new JinjaChatTemplate(JinjaTemplate.Parse(source), bosToken, eosToken);
        }
        catch (JinjaException)
        {
            // llama.cpp recognises common formats from marker strings in the template text.
            return new BuiltinChatTemplate(source, "llama.cpp built-in recognised from the model's template");
        }
    }

    /// <summary>llama.cpp's built-in template names (chatml, llama2, llama3, mistral-v7, phi3, gemma, granite, …).</summary>
    public static IReadOnlySet<string> BuiltinNames { get; } = LoadBuiltinNames();

    private static HashSet<string> LoadBuiltinNames()
    {
        LlamaCppRuntime.EnsureConfigured();
        var names = new HashSet<string>(StringComparer.Ordinal);
        unsafe
        {
            var count = NativeApi.llama_chat_builtin_templates(null, 0);
            var pointers = new char*[count];
            fixed (char** output = pointers)
            {
                NativeApi.llama_chat_builtin_templates(output, (nuint)count);
            }
            foreach (var pointer in pointers)
            {
                names.Add(Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)pointer)));
            }
        }
        return names;
    }
}

internal sealed class JinjaChatTemplate(JinjaTemplate template, string bosToken, string eosToken) : ChatTemplate
{
    public override string Description => "the model's Jinja template";

    public override string Render(JsonArray messages, bool addGenerationPrompt, JsonObject? templateArguments)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in templateArguments ?? [])
        {
            variables[name] = value;
        }
        variables["messages"] = messages;
        variables["add_generation_prompt"] = addGenerationPrompt;
        variables["bos_token"] = bosToken;
        variables["eos_token"] = eosToken;
        return template.Render(variables);
    }
}

internal sealed class BuiltinChatTemplate(string nameOrTemplate, string description) : ChatTemplate
{
    public override string Description => description;

    public override string Render(JsonArray messages, bool addGenerationPrompt, JsonObject? templateArguments)
    {
        var template = new LLamaTemplate(nameOrTemplate) { AddAssistant = addGenerationPrompt };
        foreach (var message in messages)
        {
            template.Add((string)message!["role"]!, (string?)message["content"] ?? "");
        }
        return Encoding.UTF8.GetString(template.Apply());
    }
}
