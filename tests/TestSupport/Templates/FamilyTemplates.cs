namespace InstructLab.Aspire.TestSupport.Templates;

/// <summary>
/// Chat templates in the formats real model families ship (ChatML/Qwen, SmolLM, Llama 2, Llama 3, Mistral v3 and v7,
/// Phi-3, Gemma, Granite), written for these tests in the Jinja idioms such templates use (namespace, raise_exception,
/// loop tests, slicing, trim, strftime_now). <see cref="BuiltinName"/> is llama.cpp's built-in template of the same
/// format: for a conversation it must give the same text (with an empty BOS: llama.cpp adds BOS as a token).
/// </summary>
public sealed record FamilyTemplate(string Family, string BuiltinName, string Template)
{
    public override string ToString() => Family;

    public static IReadOnlyList<FamilyTemplate> All { get; } =
    [
        new("chatml", "chatml", """
            {%- for message in messages -%}
                {{- '<|im_start|>' ~ message['role'] ~ '\n' ~ message['content'] ~ '<|im_end|>\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif -%}
            """),
        new("smollm", "chatml", """
            {%- if messages[0]['role'] != 'system' -%}
                {{- '<|im_start|>system\nYou are a small, helpful assistant.<|im_end|>\n' -}}
            {%- endif -%}
            {%- for message in messages %}
            {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
            {%- endfor %}
            {%- if add_generation_prompt %}
            {{- '<|im_start|>assistant\n' }}
            {%- endif %}
            """),
        new("llama2", "llama2-sys", """
            {%- if messages and messages[0]['role'] == 'system' -%}
                {%- set preamble = '<<SYS>>\n' ~ messages[0]['content'] ~ '\n<</SYS>>\n\n' -%}
                {%- set conversation = messages[1:] -%}
            {%- else -%}
                {%- set preamble = '' -%}
                {%- set conversation = messages -%}
            {%- endif -%}
            {%- for message in conversation -%}
                {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
                    {{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') -}}
                {%- endif -%}
                {%- if message['role'] == 'user' -%}
                    {{- bos_token ~ '[INST] ' ~ (preamble if loop.first else '') ~ message['content'] ~ ' [/INST]' -}}
                {%- else -%}
                    {{- message['content'] ~ eos_token -}}
                {%- endif -%}
            {%- endfor -%}
            """),
        new("llama3", "llama3", """
            {{- bos_token -}}
            {%- for message in messages -%}
                {{- '<|start_header_id|>' ~ message['role'] ~ '<|end_header_id|>\n\n' ~ (message['content'] | trim) ~ '<|eot_id|>' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
                {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
            {%- endif -%}
            """),
        new("mistral-v3", "mistral-v3", """
            {%- set ns = namespace(system='') -%}
            {{- bos_token -}}
            {%- for message in messages -%}
                {%- if message['role'] == 'system' -%}
                    {%- set ns.system = message['content'] ~ '\n\n' -%}
                {%- elif message['role'] == 'user' -%}
                    {{- '[INST] ' ~ ns.system ~ message['content'] ~ '[/INST]' -}}
                    {%- set ns.system = '' -%}
                {%- elif message['role'] == 'assistant' -%}
                    {{- ' ' ~ message['content'] ~ eos_token -}}
                {%- else -%}
                    {{- raise_exception('Only system, user and assistant roles are supported!') -}}
                {%- endif -%}
            {%- endfor -%}
            """),
        new("mistral-v7", "mistral-v7", """
            {{- bos_token -}}
            {%- for message in messages -%}
                {%- if message['role'] == 'system' -%}
                    {{- '[SYSTEM_PROMPT] ' ~ message['content'] ~ '[/SYSTEM_PROMPT]' -}}
                {%- elif message['role'] == 'user' -%}
                    {{- '[INST] ' ~ message['content'] ~ '[/INST]' -}}
                {%- else -%}
                    {{- ' ' ~ message['content'] ~ eos_token -}}
                {%- endif -%}
            {%- endfor -%}
            """),
        new("phi3", "phi3", """
            {% for message in messages %}
            {{- '<|' ~ message['role'] ~ '|>\n' ~ message['content'] ~ '<|end|>\n' -}}
            {% endfor %}
            {% if add_generation_prompt %}
            {{- '<|assistant|>\n' -}}
            {% endif %}
            """),
        new("gemma", "gemma", """
            {{- bos_token -}}
            {%- set ns = namespace(prefix='') -%}
            {%- for message in messages -%}
                {%- if message['role'] == 'system' -%}
                    {%- set ns.prefix = (message['content'] | trim) ~ '\n\n' -%}
                {%- else -%}
                    {%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}
                    {{- '<start_of_turn>' ~ role ~ '\n' ~ ns.prefix ~ (message['content'] | trim) ~ '<end_of_turn>\n' -}}
                    {%- set ns.prefix = '' -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
                {{- '<start_of_turn>model\n' -}}
            {%- endif -%}
            """),
        new("granite", "granite", """
            {%- if messages[0]['role'] != 'system' -%}
                {{- '<|start_of_role|>system<|end_of_role|>You are a helpful assistant. Today is ' ~ strftime_now('%B %d, %Y') ~ '.<|end_of_text|>\n' -}}
            {%- endif -%}
            {%- for message in messages -%}
                {{- '<|start_of_role|>' ~ message['role'] ~ '<|end_of_role|>' ~ message['content'] ~ '<|end_of_text|>\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
                {{- '<|start_of_role|>assistant<|end_of_role|>' -}}
            {%- endif -%}
            """),
    ];
}
