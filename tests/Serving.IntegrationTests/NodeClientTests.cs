using System.Diagnostics;
using System.Text.Json.Nodes;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>The openai npm package (a client nobody here wrote) against the server, from node/client.mjs.</summary>
public sealed class NodeClientTests(ServingServer server)
{
    [Fact]
    public async Task TheOpenAiNpmPackageChatsStreamsAndCompletesWithListPrompts()
    {
        ServingServer.RequireModels();
        var folder = Path.Combine(Repository.Root, "tests", "Serving.IntegrationTests", "node");
        if (!File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json")))
        {
            var reason = $"the openai npm package is not installed in {folder} (eng/bootstrap.sh installs it)";
            Assert.SkipWhen(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), reason);
            Assert.Fail(reason);
        }
        var start = new ProcessStartInfo("node", "client.mjs") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SERVING_URL"] = server.Address.AbsoluteUri.TrimEnd('/');
        start.Environment["SERVING_API_KEY"] = ServingServer.ApiKey;
        start.Environment["CHAT_MODEL"] = ServingServer.Chat;
        start.Environment["TEXT_MODEL"] = ServingServer.Stories;
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await errors}");
        var seen = JsonNode.Parse(await output)!;

        Assert.Contains(ServingServer.Chat, seen["models"]!.AsArray().Select(m => (string)m!));
        Assert.Equal((string)seen["chat"]!["content"]!, (string)seen["stream"]!["content"]!);
        Assert.Equal((string)seen["chat"]!["finish"]!, (string)seen["stream"]!["finish"]!);
        Assert.Equal((int)seen["chat"]!["usage"]!["total_tokens"]!, (int)seen["stream"]!["usage"]!["total_tokens"]!);
        var completions = seen["completions"]!.AsArray();
        Assert.Equal([0, 1, 2, 3, 4, 5], completions.Select(c => (int)c!["index"]!));
        Assert.All(completions, c => Assert.Equal("length", (string)c!["finish"]!));
        Assert.Equal(404, (int)seen["error"]!["status"]!);
        Assert.Equal("model_not_found", (string)seen["error"]!["code"]!);
    }
}
