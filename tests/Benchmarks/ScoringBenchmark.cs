using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Gguf.Building;
using InstructLab.Aspire.Serving;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// Multiple-choice scoring through serving's <c>/v1/completions</c> (echo + logprobs, max_tokens 0), on the 5-shot
/// MMLU abstract-algebra prompts of <c>shared/data/eval/llamacpp_mc</c>: an item as one request of its four
/// continuations (the shared prefix decoded once and forked) against the same four prompts sent as four requests, one
/// after the other and all at once. Items/s, and whether both ways pick the same letters.
/// </summary>
internal static class ScoringBenchmark
{
    public static Command Command()
    {
        var items = new Option<int>("--items") { Description = "MMLU items to score each way.", DefaultValueFactory = _ => 20 };
        var model = new Option<string[]>("--model") { Description = "GGUF files [default: stories260K and the generated 135M-shape Q4_0].", AllowMultipleArgumentsPerToken = true };
        var command = new Command("scoring", "Multiple-choice items/s: shared-prefix scoring against four separate prompts per item.") { items, model };
        command.SetAction(async parseResult =>
        {
            using var folder = new TemporaryDirectory("bench-scoring");
            var models = parseResult.GetValue(model) is { Length: > 0 } given ? given : DefaultModels(folder);
            var tasks = File.ReadLines(Path.Combine(SharedFiles.Data, "eval", "llamacpp_mc", "mmlu_abstract_algebra_5shot_letters.jsonl"))
                .Take(parseResult.GetValue(items)).Select(line => JsonNode.Parse(line)!).ToList();
            Console.WriteLine($"{tasks.Count} MMLU abstract-algebra items (5-shot, plain: the prompt + \" A\" … \" D\"), echo + logprobs, max_tokens 0; 2 threads");
            Console.WriteLine();
            Console.WriteLine("| model | shared prefix, items/s | 4 requests in turn, items/s | 4 requests at once, items/s | **shared ÷ in turn** | shared ÷ at once | same letters |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var path in models)
            {
                var options = new ServingOptions { ContextSize = 8192, MaxSequences = 8, QueueLength = 64 };
                options.Models["bench"] = new ServedModelOptions { Path = path, Preload = true };
                await using var app = StandaloneServer.Build(options, port: 0);
                await app.StartAsync();
                using var client = new HttpClient { BaseAddress = StandaloneServer.Address(app), Timeout = TimeSpan.FromMinutes(30) };
                await Shared(client, tasks[0]);
                var (shared, sharedLetters) = await TimeAsync(tasks, task => Shared(client, task));
                var (apart, apartLetters) = await TimeAsync(tasks, async task => { var scores = new List<double>(); foreach (var p in Prompts(task)) { scores.Add(await ScoreAsync(client, [p], 0)); } return scores; });
                var (together, _) = await TimeAsync(tasks, async task => [.. await Task.WhenAll(Prompts(task).Select(p => ScoreAsync(client, [p], 0)))]);
                var same = sharedLetters.Zip(apartLetters).Count(p => p.First == p.Second);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(path)} | {shared:0.00} | {apart:0.00} | {together:0.00} | **{shared / apart:0.00}×** | {shared / together:0.00}× | {same}/{tasks.Count} |"));
            }
            return 0;
        });
        return command;
    }

    private static string[] DefaultModels(TemporaryDirectory folder)
    {
        var large = folder.Combine("135m-q4_0.gguf");
        TinyModelBuilder.Build(TinyModelPresets.Serving135M, large);
        return [Path.Combine(SharedFiles.Models, "stories260K.gguf"), large];
    }

    private static IEnumerable<string> Prompts(JsonNode task) => task["answers"]!.AsArray().Select(a => (string)task["question"]! + " " + (string)a!);

    private static async Task<List<double>> Shared(HttpClient client, JsonNode task)
    {
        var prompts = Prompts(task).ToList();
        var response = await Post(client, prompts);
        return [.. Enumerable.Range(0, prompts.Count).Select(i => Last(response, i))];
    }

    private static async Task<double> ScoreAsync(HttpClient client, List<string> prompts, int choice) => Last(await Post(client, prompts), choice);

    private static async Task<JsonNode> Post(HttpClient client, List<string> prompts)
    {
        using var response = await client.PostAsJsonAsync("/v1/completions", new { model = "bench", prompt = prompts, echo = true, logprobs = 1, max_tokens = 0 });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The log-probability of a choice's last token: the letter after "Answer:".</summary>
    private static double Last(JsonNode response, int choice) => (double)response["choices"]![choice]!["logprobs"]!["token_logprobs"]!.AsArray()[^1]!;

    private static async Task<(double ItemsPerSecond, List<int> Letters)> TimeAsync(List<JsonNode> tasks, Func<JsonNode, Task<List<double>>> score)
    {
        var letters = new List<int>();
        var clock = Stopwatch.StartNew();
        foreach (var task in tasks)
        {
            var scores = await score(task);
            letters.Add(scores.IndexOf(scores.Max()));
        }
        return (tasks.Count / clock.Elapsed.TotalSeconds, letters);
    }
}
