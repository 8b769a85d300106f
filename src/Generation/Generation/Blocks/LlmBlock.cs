using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Generation.Pipelines;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Generation.Blocks;

/// <summary>
/// <c>llm</c>: asks the teacher once per row (or <c>n</c> times, making that many rows) and reads its answer into the
/// block's output columns: enforced JSON when the teacher has structured output, else a JSON object or the columns'
/// tags in the text. A row whose answer cannot be read is dropped and counted. <c>conditional_llm</c> picks the
/// prompt by the value of a column.
/// </summary>
public sealed class LlmBlock : Block
{
    private readonly PromptTemplate? system;
    private readonly IReadOnlyDictionary<string, PromptTemplate> prompts;
    private readonly string? selector;
    private readonly IReadOnlyList<OutputColumn> outputs;
    private readonly SampleCount? n;
    private readonly float temperature, topP;
    private readonly int maxTokens;

    private LlmBlock(string name, SourceLocation location, PromptTemplate? system, IReadOnlyDictionary<string, PromptTemplate> prompts,
        string? selector, IReadOnlyList<OutputColumn> outputs, SampleCount? n, float temperature, float topP, int maxTokens) : base(name, location)
    {
        (this.system, this.prompts, this.selector, this.outputs, this.n) = (system, prompts, selector, outputs, n);
        (this.temperature, this.topP, this.maxTokens) = (temperature, topP, maxTokens);
    }

    public override string Type => selector is null ? "llm" : "conditional_llm";

    internal IReadOnlyList<OutputColumn> Outputs => outputs;

    internal static LlmBlock Read(YamlMap map, string name, bool conditional)
    {
        var system = map.OptionalTemplate("system");
        string? selector = null;
        Dictionary<string, PromptTemplate> prompts = new(StringComparer.OrdinalIgnoreCase);
        if (conditional)
        {
            selector = map.String("select");
            var cases = map.OptionalMap("prompts", $"prompts of block '{name}'") ?? throw YamlMap.Error(map.Location, $"block '{name}' needs 'prompts' (column value: prompt)");
            foreach (var (value, _, _) in cases.Entries().ToList())
            {
                prompts[value] = cases.Template(value);
            }
            if (prompts.Count == 0)
            {
                throw YamlMap.Error(cases.Location, $"block '{name}' needs at least one prompt");
            }
        }
        else
        {
            prompts[""] = map.Template("prompt");
        }
        var outputMap = map.OptionalMap("outputs", $"outputs of block '{name}'") ?? throw YamlMap.Error(map.Location, $"block '{name}' needs 'outputs' (column: settings)");
        var outputs = outputMap.Entries().ToList()
            .Select(entry => OutputColumn.Read(entry.Key, entry.Value is YamlScalarNode { Value: null or "" }
                ? null
                : outputMap.OptionalMap(entry.Key, $"output '{entry.Key}' of block '{name}'")))
            .ToList();
        if (outputs.Count == 0)
        {
            throw YamlMap.Error(outputMap.Location, $"block '{name}' needs at least one output column");
        }
        var block = new LlmBlock(name, map.Location, system, prompts, selector, outputs,
            SampleCount.Read(map, "n", 1000),
            (float)map.Double("temperature", 0.7, 0, 2),
            (float)map.Double("top_p", 1, 0, 1),
            map.Int("max_tokens", outputs.Sum(o => o.TokenBudget) + 32, 16, 32_768));
        map.RejectUnknownKeys();
        return block;
    }

    public override IReadOnlySet<string> Columns(IReadOnlySet<string> before)
    {
        system?.RequireVariables(before, Name);
        foreach (var prompt in prompts.Values)
        {
            prompt.RequireVariables(before, Name);
        }
        if (selector is not null)
        {
            Require(before, selector);
        }
        foreach (var output in outputs)
        {
            RequireWritable(output.Name, Location);
        }
        return Pipelines.Columns.With(before, [.. outputs.Select(o => o.Name)]);
    }

    public override async Task<IReadOnlyList<JsonObject>> RunAsync(IReadOnlyList<JsonObject> rows, PipelineContext context)
    {
        var count = n?.Resolve(context) ?? 1;
        var structured = await context.Teacher.UsesStructuredOutputAsync(context.CancellationToken);
        var calls = rows.SelectMany(row => Enumerable.Range(0, count).Select(k => (row, id: n is null ? Id(row) : Pipelines.Columns.Child(Id(row), k))));
        var answers = await Task.WhenAll(calls.Select(call => AskAsync(call.row, call.id, structured, context)));
        return [.. answers.OfType<JsonObject>()];
    }

    private async Task<JsonObject?> AskAsync(JsonObject row, string id, bool structured, PipelineContext context)
    {
        var stats = context.Stats.For(this);
        var prompt = Prompt(row);
        if (prompt is null)
        {
            stats.Unparsable();
            return null;
        }
        var messages = new List<ChatTurn>();
        if (system?.Render(row) is { Length: > 0 } systemText)
        {
            messages.Add(ChatTurn.System(systemText));
        }
        messages.Add(ChatTurn.User(prompt + "\n\n" + FormatInstructions(structured)));
        ChatAnswer answer;
        try
        {
            answer = await context.Teacher.CompleteAsync(new ChatCall
            {
                Messages = messages,
                Temperature = temperature,
                TopP = topP,
                MaxTokens = maxTokens,
                Seed = SamplingSeeds.Derive(context.Seed, context.Leaf, Name, id),
                Schema = Schema(),
                SchemaName = Name,
            }, context.CancellationToken);
        }
        catch (ChatEndpointException e) when (e.ContextLengthExceeded)
        {
            // One long chunk or context must not fail the job: the row is dropped and counted.
            stats.Refusal();
            return null;
        }
        stats.Call(answer.FromCache, answer.CompletionTokens);
        if (Read(answer.Content) is not { } values)
        {
            stats.Unparsable();
            return null;
        }
        var result = (JsonObject)row.DeepClone();
        result[Pipelines.Columns.Id] = id;
        foreach (var (name, value) in values)
        {
            result[name] = value;
        }
        return result;
    }

    /// <summary>The prompt for a row; null when a conditional block has no prompt for the row's value.</summary>
    private string? Prompt(JsonObject row)
    {
        if (selector is null)
        {
            return prompts[""].Render(row);
        }
        var value = Condition.Text(row[selector]).Trim();
        return prompts.TryGetValue(value, out var chosen) || prompts.TryGetValue("default", out chosen) ? chosen.Render(row) : null;
    }

    private string FormatInstructions(bool structured)
    {
        if (structured)
        {
            return $"Reply with a JSON object with the fields {string.Join(", ", outputs.Select(o => o.Name))}.";
        }
        var hint = new StringBuilder("Reply in exactly this format:\n");
        foreach (var output in outputs)
        {
            hint.Append(output.FormatHint()).Append('\n');
        }
        return hint.ToString().TrimEnd();
    }

    private JsonObject Schema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(outputs.Select(o => KeyValuePair.Create(o.Name, (JsonNode?)o.Schema()))),
        ["required"] = new JsonArray([.. outputs.Select(o => (JsonNode)o.Name)]),
        ["additionalProperties"] = false,
    };

    /// <summary>The output columns from an answer: a JSON object when there is one, else each column's tags; null if any is missing.</summary>
    private List<(string Name, JsonNode Value)>? Read(string answer)
    {
        var json = JsonInText.Find(answer);
        return (json is null ? null : Values(output => output.FromJson(json[output.Name]))) ?? Values(output => output.FromPlainText(answer));
    }

    private List<(string Name, JsonNode Value)>? Values(Func<OutputColumn, JsonNode?> read)
    {
        var values = new List<(string, JsonNode)>();
        foreach (var output in outputs)
        {
            if (read(output) is not { } value)
            {
                return null;
            }
            values.Add((output.Name, value));
        }
        return values;
    }

    private static string Id(JsonObject row) => Condition.Text(row[Pipelines.Columns.Id]);
}
