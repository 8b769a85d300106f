using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Grammar;
using Json.Schema;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>
/// JSON-schema output from a model with random weights (which never writes JSON on its own), sampled hot: every answer
/// must parse and validate, so the grammar alone carries it. JsonSchema.Net (with format checks) is the judge.
/// </summary>
public sealed class StructuredOutputTests(ServingServer server)
{
    public static TheoryData<string, string> Schemas => new()
    {
        { "enums and consts", """{"type": "object", "properties": {"kind": {"enum": ["skill", "knowledge", 3, null]}, "v": {"const": "v3"}}, "required": ["kind", "v"]}""" },
        { "nested arrays", """{"type": "array", "items": {"type": "array", "items": {"type": "integer", "minimum": -5, "maximum": 5}, "minItems": 1, "maxItems": 3}, "maxItems": 4}""" },
        { "any of", """{"anyOf": [{"type": "boolean"}, {"type": "object", "properties": {"n": {"type": "number"}}, "required": ["n"], "additionalProperties": false}]}""" },
        { "one of with refs", """{"$defs": {"a": {"type": "string", "maxLength": 4}, "b": {"type": "integer", "minimum": 100, "maximum": 105}}, "oneOf": [{"$ref": "#/$defs/a"}, {"$ref": "#/$defs/b"}]}""" },
        { "tuples", """{"type": "array", "prefixItems": [{"type": "string", "format": "date"}, {"type": "string", "format": "uuid"}, {"type": "boolean"}], "items": false, "minItems": 3}""" },
        { "questions and answers", """{"type": "object", "properties": {"question": {"type": "string", "minLength": 3, "maxLength": 40}, "answer": {"type": "string", "maxLength": 60}, "score": {"type": "integer", "minimum": 0}}, "required": ["question", "answer"], "additionalProperties": false}""" },
        { "optional only", """{"type": "object", "properties": {"a": {"type": "null"}, "b": {"type": ["string", "integer"], "maxLength": 3}}, "additionalProperties": false}""" },
        { "date-time", """{"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}, "required": ["at"], "additionalProperties": false}""" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public async Task EveryAnswerParsesAndValidates(string name, string schema)
    {
        ServingServer.RequireModels();
        var validator = JsonSchema.FromText(schema);
        for (var seed = 1; seed <= 3; seed++)
        {
            var request = new JsonObject
            {
                ["model"] = ServingServer.Chat,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"Give me {name}." }),
                ["max_tokens"] = 400,
                ["temperature"] = 1.5,
                ["seed"] = seed,
                ["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "x", ["schema"] = JsonNode.Parse(schema) } },
            };
            var (status, body) = await server.PostAsync("/v1/chat/completions", request.ToJsonString());
            Assert.Equal(200, status);
            var text = (string)body!["choices"]![0]!["message"]!["content"]!;
            Assert.Equal("stop", (string)body["choices"]![0]!["finish_reason"]!);
            using var document = JsonDocument.Parse(text);
            var result = validator.Evaluate(document.RootElement, new EvaluationOptions { RequireFormatValidation = true });
            Assert.True(result.IsValid, $"{name}, seed {seed}: {text}");
        }
    }

    [Fact]
    public async Task LongStringBoundsAreEnforcedWithoutLlamaCppRefusingTheGrammar()
    {
        ServingServer.RequireModels();
        // llama.cpp refuses {1,2000} (its repetition limit); a generation pipeline's context field asks for it.
        var schema = """{"type": "object", "properties": {"context": {"type": "string", "minLength": 20, "maxLength": 2000}}, "required": ["context"]}""";
        var request = new JsonObject
        {
            ["model"] = ServingServer.Chat,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Write a context." }),
            ["max_tokens"] = 12,
            ["seed"] = 3,
            ["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = new JsonObject { ["name"] = "x", ["schema"] = JsonNode.Parse(schema) } },
        };

        var (status, body) = await server.PostAsync("/v1/chat/completions", request.ToJsonString());

        Assert.True(status == 200, body?.ToJsonString());
        Assert.StartsWith("{\"context\":", ((string)body!["choices"]![0]!["message"]!["content"]!).Replace(" ", "", StringComparison.Ordinal));
        request["response_format"]!["json_schema"]!["schema"]!["properties"]!["context"]!["maxLength"] = 100_000;
        var (refused, reason) = await server.PostAsync("/v1/chat/completions", request.ToJsonString());
        Assert.Equal(400, refused);
        Assert.Contains("$.properties.context.maxLength: at most 8192 can be enforced", reason!.ToJsonString());
    }

    [Fact]
    public async Task JsonObjectModeGivesAnObjectOrSaysItWasCutShort()
    {
        ServingServer.RequireModels();
        // json_object bounds nothing: a model that never closes its string runs into max_tokens, as with OpenAI
        // (finish_reason "length"). json_schema with maxLength is what keeps small teachers inside their budget.
        for (var seed = 1; seed <= 4; seed++)
        {
            var (_, body) = await server.PostAsync("/v1/chat/completions",
                $$$"""{"model": "chatml", "messages": [{"role": "user", "content": "json"}], "max_tokens": 200, "temperature": 1.0, "seed": {{{seed}}}, "response_format": {"type": "json_object"}}""");
            var choice = body!["choices"]![0]!;
            var text = (string)choice["message"]!["content"]!;
            Assert.StartsWith("{", text);
            if ((string)choice["finish_reason"]! == "stop")
            {
                Assert.IsType<JsonObject>(JsonNode.Parse(text));
            }
            else
            {
                Assert.Equal(200, (int)body["usage"]!["completion_tokens"]!);
            }
        }
    }

    [Fact]
    public async Task AClientsGbnfGrammarConstrainsTheAnswer()
    {
        ServingServer.RequireModels();
        for (var seed = 1; seed <= 4; seed++)
        {
            var request = new JsonObject
            {
                ["model"] = ServingServer.Stories,
                ["prompt"] = "Is it raining?",
                ["max_tokens"] = 10,
                ["temperature"] = 1.0,
                ["seed"] = seed,
                ["grammar"] = "root ::= (\"yes\" | \"no\") \".\"",
            };
            var (status, body) = await server.PostAsync("/v1/completions", request.ToJsonString());
            Assert.True(status == 200, body?.ToJsonString());
            Assert.Contains((string)body!["choices"]![0]!["text"]!, new[] { "yes.", "no." });
        }
    }

    [Theory]
    [InlineData("""{"type": "string", "pattern": "^a+$"}""", "$.pattern")]
    [InlineData("""{"type": "object", "properties": {"n": {"type": "number", "multipleOf": 3}}}""", "$.properties.n.multipleOf")]
    [InlineData("""{"$ref": "https://example.com/schema.json"}""", "$.$ref")]
    [InlineData("""{"type": "array", "items": {"$ref": "#/$defs/missing"}}""", "$.items.$ref")]
    [InlineData("""{"type": "integer", "minimum": 10, "maximum": 5}""", "$.maximum")]
    [InlineData("""{"type": "teapot"}""", "$.type")]
    public void SchemasAGrammarCannotEnforceAreRefusedWithThePathOfTheKeyword(string schema, string path)
    {
        var error = Assert.Throws<GrammarException>(() => JsonSchemaGrammar.FromSchema(JsonNode.Parse(schema)!));
        Assert.Equal(path, error.Path);
    }
}
