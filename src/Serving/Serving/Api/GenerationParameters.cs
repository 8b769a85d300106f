using System.Globalization;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Grammar;
using InstructLab.Aspire.Serving.Inference;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>OpenAI's sampling and length parameters, checked and turned into <see cref="GenerationSettings"/>.</summary>
internal static class GenerationParameters
{
    public const int MaxStopStrings = 16;
    public const int MaxTopLogprobs = 20;

    /// <summary>The parameters a request may give before its prompt is known (checked first, so bad values fail fast).</summary>
    public static GenerationSettings Read(RequestReader request, LoadedModel model, int maxSequences, bool chat)
    {
        var logprobs = chat ? request.Bool("logprobs", false) : request.Int("logprobs", 0, MaxTopLogprobs) is not null;
        var top = chat ? request.Int("top_logprobs", 0, MaxTopLogprobs) ?? 0 : request.Int("logprobs", 0, MaxTopLogprobs) ?? 0;
        if (chat && top > 0 && !logprobs)
        {
            throw ServingException.BadRequest("'top_logprobs' needs 'logprobs': true.", "top_logprobs");
        }
        var echo = !chat && request.Bool("echo", false);
        var maxTokens = request.Int("max_completion_tokens", 1, int.MaxValue) ?? request.Int("max_tokens", echo ? 0 : 1, int.MaxValue);
        return new GenerationSettings
        {
            Sampling = new SamplingParameters
            {
                Temperature = request.Float("temperature", 0, 2) ?? 0.8f,
                TopP = request.Float("top_p", 0, 1) ?? 0.95f,
                TopK = request.Int("top_k", 0, model.VocabularySize) ?? 40,
                MinP = request.Float("min_p", 0, 1) ?? 0.05f,
                Seed = request.Long("seed") is { } seed ? unchecked((uint)seed) : null,
                PresencePenalty = request.Float("presence_penalty", -2, 2) ?? 0,
                FrequencyPenalty = request.Float("frequency_penalty", -2, 2) ?? 0,
                LogitBias = LogitBias(request, model.VocabularySize),
                Grammar = Grammar(request, model),
            },
            MaxTokens = maxTokens ?? 0,
            N = request.Int("n", 1, maxSequences) ?? 1,
            Stop = request.Strings("stop", MaxStopStrings),
            Logprobs = logprobs,
            TopLogprobs = top,
            Echo = echo,
            PromptOnly = echo && maxTokens == 0,
        };
    }

    /// <summary>Fixes max_tokens for a prompt of <paramref name="promptTokens"/> and checks it fits the model.</summary>
    public static GenerationSettings ForPrompt(GenerationSettings settings, int promptTokens, LoadedModel model, int defaultMaxTokens)
    {
        var window = model.MaxSequenceLength;
        if (promptTokens >= window)
        {
            throw ServingException.ContextLengthExceeded(
                $"This model's maximum context length is {window} tokens, but the prompt has {promptTokens} tokens. Shorten the prompt.");
        }
        var maxTokens = settings.MaxTokens > 0 || settings.PromptOnly ? settings.MaxTokens : Math.Min(defaultMaxTokens, window - promptTokens);
        // In long: max_tokens may be int.MaxValue, and the sums would wrap round (found by the fuzz test: a 500 from a full KV cache).
        if ((long)promptTokens + maxTokens > window)
        {
            throw ServingException.ContextLengthExceeded(
                $"This model's maximum context length is {window} tokens; you asked for {(long)promptTokens + maxTokens} ({promptTokens} in the prompt, {maxTokens} for the completion). Lower max_tokens or shorten the prompt.");
        }
        var cells = model.Scheduler.Limits.ContextSize;
        if (promptTokens + (long)settings.N * maxTokens > cells)
        {
            throw ServingException.ContextLengthExceeded(
                $"{settings.N} choices of up to {maxTokens} tokens after a {promptTokens}-token prompt need {promptTokens + (long)settings.N * maxTokens} KV cells; the model has {cells}. Lower n or max_tokens.");
        }
        return settings with { MaxTokens = maxTokens };
    }

    private static Dictionary<int, float> LogitBias(RequestReader request, int vocabulary)
    {
        var result = new Dictionary<int, float>();
        switch (request.Node("logit_bias"))
        {
            case null:
                return result;
            case JsonObject biases:
                foreach (var (key, value) in biases)
                {
                    if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || token >= vocabulary)
                    {
                        throw ServingException.BadRequest($"'logit_bias' keys must be token ids from 0 to {vocabulary - 1}; got '{key}'.", "logit_bias");
                    }
                    if (value is not JsonValue number || !number.TryGetValue<double>(out var bias) || bias is < -100 or > 100)
                    {
                        throw ServingException.BadRequest($"'logit_bias.{key}' must be a number from -100 to 100.", "logit_bias");
                    }
                    // OpenAI: -100 bans a token, 100 forces it.
                    result[token] = bias <= -100 ? float.NegativeInfinity : (float)bias;
                }
                return result;
            default:
                throw ServingException.BadRequest("'logit_bias' must be an object mapping token ids to numbers.", "logit_bias");
        }
    }

    /// <summary><c>response_format</c> (json_object, json_schema) or llama-server's <c>grammar</c> as a GBNF grammar.</summary>
    private static string? Grammar(RequestReader request, LoadedModel model)
    {
        if (request.String("grammar") is { Length: > 0 } gbnf)
        {
            return GbnfCheck.Parses(model.Weights, gbnf)
                ? gbnf
                : throw ServingException.BadRequest("'grammar' is not a GBNF grammar llama.cpp can parse (with a rule named root).", "grammar");
        }
        if (request.Node("response_format") is not { } format)
        {
            return null;
        }
        var type = format is JsonObject && format["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        switch (type)
        {
            case "text":
                return null;
            case "json_object":
                return JsonSchemaGrammar.AnyObject();
            case "json_schema":
                var schema = format["json_schema"]?["schema"]
                    ?? throw ServingException.BadRequest("'response_format.json_schema.schema' is required for type json_schema.", "response_format.json_schema.schema");
                string grammar;
                try
                {
                    grammar = JsonSchemaGrammar.FromSchema(schema);
                }
                catch (GrammarException error)
                {
                    throw ServingException.BadRequest($"'response_format.json_schema.schema' cannot be enforced: {error.Message}", "response_format.json_schema.schema");
                }
                // A grammar llama.cpp refuses would fail the request in the sampler: refused here, with the reason.
                return GbnfCheck.Parses(model.Weights, grammar)
                    ? grammar
                    : throw ServingException.BadRequest("'response_format.json_schema.schema' cannot be enforced: llama.cpp refuses its grammar (too many or too long bounded repetitions).",
                        "response_format.json_schema.schema");
            default:
                throw ServingException.BadRequest("'response_format.type' must be text, json_object or json_schema.", "response_format.type");
        }
    }
}
