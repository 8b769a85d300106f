using System.Diagnostics;
using System.Reflection;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Hosting.StartupChecks;
using TorchSharp;

namespace InstructLab.Aspire.Training.Api.Runtime;

/// <summary>
/// Loads libtorch through TorchSharp when the service starts and multiplies two tensors, so a machine where the
/// native libraries cannot load (Debian 12 without eng/TorchSharpDebian12Fix.targets, a missing libtorch package)
/// fails at start with the reason rather than at the first training job. GetInfo reports the result.
/// </summary>
internal sealed class TorchRuntimeCheck : IStartupCheck, IServiceDetails
{
    private static readonly float[] Expected = [7f, 10f, 15f, 22f];
    private string outcome = "not checked yet";

    public string Resource => "torch";

    public string Setting => "TorchSharp native libraries (libtorch-cpu package, eng/TorchSharpDebian12Fix.targets)";

    public Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        var matrix = torch.arange(1, 5, dtype: torch.float32).reshape(2, 2);
        var product = matrix.matmul(matrix).data<float>().ToArray();
        if (!product.SequenceEqual(Expected))
        {
            throw new InvalidOperationException($"[[1,2],[3,4]]² gave [{string.Join(", ", product)}], expected [7, 10, 15, 22].");
        }
        var version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        outcome = $"TorchSharp {version.Split('+')[0]} on {(torch.cuda.is_available() ? "cuda" : "cpu")}, " +
                  $"{torch.get_num_threads()} threads; [[1,2],[3,4]]² = [[7,10],[15,22]] in {clock.Elapsed.TotalMilliseconds:0.#} ms";
        return Task.FromResult(outcome);
    }

    public IEnumerable<KeyValuePair<string, string>> Describe() => [new("torch", outcome)];
}
