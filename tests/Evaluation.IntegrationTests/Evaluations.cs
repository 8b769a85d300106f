using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Evaluations.Results;
using InstructLab.Aspire.TestSupport;
using ReportJson = InstructLab.Aspire.Evaluations.Reports.EvaluationReport;
using EvaluationView = InstructLab.Aspire.Contracts.Judging.V1.Evaluation;

namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>Helpers of the evaluation tests: requests with data, waiting for the end, and what the artifact store holds.</summary>
internal static class Evaluations
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static RunEvaluationRequest Request(string benchmark, string model, params (string Path, byte[] Content)[] data)
    {
        var request = new RunEvaluationRequest { Benchmark = benchmark, Model = new ChatEndpoint { Model = model }, Options = new EvaluationOptions() };
        request.Data.AddRange(data.Select(d => new DataFile { Path = d.Path, Content = ByteString.CopyFrom(d.Content) }));
        return request;
    }

    /// <summary>The files of a folder of ../shared/data/eval, by path inside it.</summary>
    public static (string, byte[])[] Shared(string folder, Func<string, bool>? include = null)
    {
        var root = SharedFiles.RequireData("eval", folder);
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => include?.Invoke(p) ?? true)
            .Order(StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllBytes(Path.Combine(root, p))))];
    }

    public static (string, byte[]) Text(string path, string content) => (path, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Watches the evaluation until it ends (at most five minutes).</summary>
    public static async Task<EvaluationView> WaitAsync(EvaluationService.EvaluationServiceClient client, string id, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        deadline.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        EvaluationView? last = null;
        using var call = client.Watch(new GetEvaluationRequest { Id = id }, cancellationToken: deadline.Token);
        await foreach (var seen in call.ResponseStream.ReadAllAsync(deadline.Token))
        {
            last = seen;
        }
        return last ?? throw new InvalidOperationException("nothing watched");
    }

    public static async Task<IReadOnlyList<EvaluationItem>> ItemsAsync(IArtifactStore store, string id) =>
        JsonSerializer.Deserialize<List<EvaluationItem>>(await store.ReadBytesAsync($"evaluations/{Guid.Parse(id):N}/items.json", Cancel), Json)!;

    /// <summary>Every batch's stored results, in order.</summary>
    public static async Task<IReadOnlyList<ItemResult>> ResultsAsync(IArtifactStore store, string id)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync($"evaluations/{Guid.Parse(id):N}/results/", cancellationToken: Cancel))
        {
            keys.Add(info.Key);
        }
        var results = new List<ItemResult>();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            results.AddRange(JsonSerializer.Deserialize<List<ItemResult>>(await store.ReadBytesAsync(key, Cancel), Json)!);
        }
        return results;
    }

    public static ReportJson Report(EvaluationReport report) => JsonSerializer.Deserialize<ReportJson>(report.Json, Json)!;
}
