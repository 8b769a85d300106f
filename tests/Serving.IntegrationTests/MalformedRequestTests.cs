using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>Forty-one wrong requests: each gets its status and OpenAI's error envelope, and the server keeps serving.</summary>
public sealed class MalformedRequestTests(ServingServer server)
{
    private const string Ok = """{"model": "stories", "prompt": "Once", "max_tokens": 2}""";

    public static TheoryData<string, string, string?, int, string?> Cases => new()
    {
        // path, body, API key ("" = none sent), status, param or code expected in the error
        { "/v1/completions", "{not json", ServingServer.ApiKey, 400, null },
        { "/v1/completions", "[1, 2]", ServingServer.ApiKey, 400, null },
        { "/v1/completions", "", ServingServer.ApiKey, 400, null },
        { "/v1/completions", """{"model": "stories"}""", ServingServer.ApiKey, 400, "prompt" },
        { "/v1/completions", """{"model": "stories", "prompt": 5}""", ServingServer.ApiKey, 400, "prompt" },
        { "/v1/completions", """{"model": "stories", "prompt": []}""", ServingServer.ApiKey, 400, "prompt" },
        { "/v1/completions", """{"model": "stories", "prompt": [[]]}""", ServingServer.ApiKey, 400, "prompt" },
        { "/v1/completions", """{"model": "stories", "prompt": [99999]}""", ServingServer.ApiKey, 400, "prompt" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "max_tokens": -1}""", ServingServer.ApiKey, 400, "max_tokens" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "max_tokens": 0}""", ServingServer.ApiKey, 400, "max_tokens" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "max_tokens": "ten"}""", ServingServer.ApiKey, 400, "max_tokens" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "max_tokens": 1.5}""", ServingServer.ApiKey, 400, "max_tokens" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "n": 0}""", ServingServer.ApiKey, 400, "n" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "n": 1000}""", ServingServer.ApiKey, 400, "n" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "temperature": -1}""", ServingServer.ApiKey, 400, "temperature" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "temperature": "hot"}""", ServingServer.ApiKey, 400, "temperature" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "top_p": 1.5}""", ServingServer.ApiKey, 400, "top_p" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "presence_penalty": 3}""", ServingServer.ApiKey, 400, "presence_penalty" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "stop": 7}""", ServingServer.ApiKey, 400, "stop" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "logit_bias": {"x": 1}}""", ServingServer.ApiKey, 400, "logit_bias" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "logit_bias": {"5": 500}}""", ServingServer.ApiKey, 400, "logit_bias" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "logprobs": 50}""", ServingServer.ApiKey, 400, "logprobs" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "stream": "yes"}""", ServingServer.ApiKey, 400, "stream" },
        { "/v1/completions", """{"model": "nope", "prompt": "a"}""", ServingServer.ApiKey, 404, "model_not_found" },
        { "/v1/completions", """{"model": 12, "prompt": "a"}""", ServingServer.ApiKey, 400, "model" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "max_tokens": 600}""", ServingServer.ApiKey, 400, "context_length_exceeded" },
        { "/v1/completions", Ok, "", 401, "missing_api_key" },
        { "/v1/completions", Ok, "wrong-key", 401, "invalid_api_key" },
        { "/v1/chat/completions", """{"model": "chatml"}""", ServingServer.ApiKey, 400, "messages" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": []}""", ServingServer.ApiKey, 400, "messages" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "wizard", "content": "hi"}]}""", ServingServer.ApiKey, 400, "messages[0].role" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": 5}]}""", ServingServer.ApiKey, 400, "messages[0].content" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}""", ServingServer.ApiKey, 400, "messages[0].content[0]" },
        // Found by the fuzz test: max_tokens near int.MaxValue wrapped the context check round (a 500 from a full KV cache).
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2147483647}""", ServingServer.ApiKey, 400, "context_length_exceeded" },
        // Found by the fuzz test: parts that are not objects were a 500.
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": ["x", 1]}]}""", ServingServer.ApiKey, 400, "messages[0].content[0]" },
        { "/v1/chat/completions", """{"model": "stories", "messages": [{"role": "user", "content": "hi"}]}""", ServingServer.ApiKey, 400, "no_chat_template" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "xml"}}""", ServingServer.ApiKey, 400, "response_format.type" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "json_schema", "json_schema": {"schema": {"type": "string", "pattern": "a+"}}}}""", ServingServer.ApiKey, 400, "response_format.json_schema.schema" },
        { "/v1/chat/completions", """{"model": "chatml", "messages": [{"role": "user", "content": "hi"}], "top_logprobs": 3}""", ServingServer.ApiKey, 400, "top_logprobs" },
        { "/v1/completions", """{"model": "stories", "prompt": "a", "grammar": "root ::= ( \"a\" "}""", ServingServer.ApiKey, 400, "grammar" },
        { "/v1/embeddings", """{"model": "llama2-random", "input": 3}""", ServingServer.ApiKey, 400, "input" },
        { "/tokenize", """{"model": "stories"}""", ServingServer.ApiKey, 400, "content" },
        { "/detokenize", """{"model": "stories", "tokens": [-4]}""", ServingServer.ApiKey, 400, "tokens" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task WrongRequestGetsItsStatusAndAnOpenAiErrorBody(string path, string body, string? apiKey, int status, string? paramOrCode)
    {
        ServingServer.RequireModels();
        var (actual, error) = await server.PostAsync(path, body, apiKey is "" ? null : apiKey);

        Assert.Equal(status, actual);
        var envelope = error!["error"]!;
        Assert.False(string.IsNullOrWhiteSpace((string?)envelope["message"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)envelope["type"]));
        if (paramOrCode is not null)
        {
            Assert.Contains(paramOrCode, new[] { (string?)envelope["param"], (string?)envelope["code"] });
        }
        var (after, answer) = await server.PostAsync("/v1/completions", Ok);
        Assert.Equal(200, after);
        Assert.Equal("length", (string)answer!["choices"]![0]!["finish_reason"]!);
    }

    [Fact]
    public async Task HugeBodyIs413AndHealthAndMetricsStayOpenWithoutAKey()
    {
        ServingServer.RequireModels();
        var huge = $$"""{"model": "stories", "prompt": "{{new string('a', 5 * 1024 * 1024)}}"}""";
        // Expect: 100-continue, as curl sends for large bodies: the server refuses before the body is sent.
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(413, status);
        Assert.Equal("request_too_large", (string)error!["error"]!["code"]!);

        using var open = server.Client(apiKey: null);
        Assert.Equal(200, (int)(await open.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        await server.PostAsync("/v1/completions", Ok);
        var metrics = await open.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Contains("serving_generated_tokens", metrics);
        Assert.Contains("serving_time_to_first_token_seconds_bucket", metrics);
        Assert.Contains("serving_requests_running", metrics);
    }
}
