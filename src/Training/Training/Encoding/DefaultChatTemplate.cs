namespace InstructLab.Aspire.Training.Encoding;

/// <summary>
/// The template for a model without <c>tokenizer.chat_template</c>: InstructLab's own (granite-7b-lab) format, with
/// the model's EOS ending each assistant turn. It is written into the exported GGUF, so serving renders chats the way
/// the model was trained.
/// </summary>
public static class DefaultChatTemplate
{
    public const string Source =
        "{% for message in messages %}"
        + "{% if message['role'] == 'system' %}{{ '<|system|>\\n' + message['content'] + '\\n' }}"
        + "{% elif message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + '\\n' }}"
        + "{% elif message['role'] == 'assistant' %}{{ '<|assistant|>\\n' + message['content'] + eos_token + '\\n' }}{% endif %}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";
}
