using System.Text;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Serving.Inference;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Catalog;

/// <summary>
/// A model in memory: weights, its batch scheduler, its chat template. Requests hold a lease on it; a model that is
/// replaced (a newer version published) or unloaded is disposed only when its last lease is returned, so running
/// requests finish on it.
/// </summary>
public sealed class LoadedModel
{
    private readonly Lock gate = new();
    private readonly SemaphoreSlim embedding = new(1, 1);
    private readonly ILogger logger;
    private LLamaEmbedder? embedder;
    private int leases;
    private bool retired;
    private bool disposed;

    private LoadedModel(string id, string path, ServedModelOptions spec, LLamaWeights weights, BatchScheduler scheduler, ChatTemplate? template,
        int maxSequenceLength, ILogger logger)
    {
        Id = id;
        FilePath = path;
        Spec = spec;
        Weights = weights;
        Scheduler = scheduler;
        ChatTemplate = template;
        MaxSequenceLength = maxSequenceLength;
        this.logger = logger;
        FileBytes = new FileInfo(path).Length;
        ServingTelemetry.Track(this, id, () => (scheduler.Running, scheduler.Queued));
    }

    public string Id { get; }

    public string FilePath { get; }

    public ServedModelOptions Spec { get; }

    public long FileBytes { get; }

    public LLamaWeights Weights { get; }

    public BatchScheduler Scheduler { get; }

    /// <summary>Null when the model has none: chat completions are refused, completions still work.</summary>
    public ChatTemplate? ChatTemplate { get; }

    /// <summary>Longest prompt + completion of one request.</summary>
    public int MaxSequenceLength { get; }

    public int VocabularySize => Weights.Vocab.Count;

    public static LoadedModel Load(string id, string path, ServedModelOptions spec, ServingOptions options, ILogger logger)
    {
        LlamaCppRuntime.EnsureConfigured();
        var contextSize = spec.ContextSize ?? options.ContextSize;
        var parameters = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            SeqMax = (uint)options.MaxSequences,
            KVUnified = options.UnifiedKvCache,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.BatchSize,
            GpuLayerCount = 0,
            Threads = options.Threads > 0 ? options.Threads : null,
            BatchThreads = options.Threads > 0 ? options.Threads : null,
        };
        var weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            var vocab = weights.Vocab;
            var template = ChatTemplate.Create(
                weights.Metadata.GetValueOrDefault("tokenizer.chat_template"), spec.ChatTemplate,
                vocab.BOS is { } bos ? vocab.LLamaTokenToString(bos, true) ?? "" : "",
                vocab.EOS is { } eos ? vocab.LLamaTokenToString(eos, true) ?? "" : "");
            var trained = weights.ContextSize > 0 ? weights.ContextSize : contextSize;
            var perSequence = options.UnifiedKvCache ? contextSize : contextSize / options.MaxSequences;
            var maxSequence = Math.Min(options.MaxSequenceLength > 0 ? options.MaxSequenceLength : trained, perSequence);
            var limits = new SchedulerLimits(contextSize, options.MaxSequences, options.QueueLength, options.PrefixReuseMinTokens, options.UnifiedKvCache);
            var scheduler = new BatchScheduler(weights, parameters, limits, logger);
            logger.LogInformation("Loaded model {Model} from {Path}: {Parameters:N0} parameters, context {Context} (per request {PerRequest}), {Sequences} sequences, chat template: {Template}",
                id, path, weights.ParameterCount, contextSize, maxSequence, options.MaxSequences, template?.Description ?? "none");
            return new LoadedModel(id, path, spec, weights, scheduler, template, maxSequence, logger);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>Tokens of text as llama.cpp tokenizes it.</summary>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial) =>
        [.. Weights.Tokenize(text, addSpecial, parseSpecial, Encoding.UTF8).Select(t => (int)t)];

    /// <summary>A rendered chat prompt's tokens: control tokens read as such, BOS added once when the vocabulary wants it.</summary>
    public int[] TokenizeChatPrompt(string prompt)
    {
        var tokens = Tokenize(prompt, addSpecial: false, parseSpecial: true);
        return Weights.Vocab is { ShouldAddBOS: true, BOS: { } bos } && (tokens.Length == 0 || tokens[0] != (int)bos)
            ? [(int)bos, .. tokens]
            : tokens;
    }

    public string Detokenize(IEnumerable<int> tokens)
    {
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, Weights) { DecodeSpecialTokens = true };
        decoder.AddRange(tokens.Select(t => (LLamaToken)t).ToArray());
        return decoder.Read();
    }

    /// <summary>Mean-pooled, L2-normalised embeddings (one decode at a time per model).</summary>
    public async Task<float[]> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        await embedding.WaitAsync(cancellationToken);
        try
        {
            embedder ??= new LLamaEmbedder(Weights, new ModelParams(FilePath)
            {
                ContextSize = (uint)MaxSequenceLength,
                BatchSize = (uint)MaxSequenceLength,
                UBatchSize = (uint)MaxSequenceLength,
                Embeddings = true,
                PoolingType = LLamaPoolingType.Mean,
                GpuLayerCount = 0,
            }, logger);
            var vector = (await embedder.GetEmbeddings(text, cancellationToken))[0];
            var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            return norm > 0 ? [.. vector.Select(v => (float)(v / norm))] : vector;
        }
        finally
        {
            embedding.Release();
        }
    }

    /// <summary>Takes a lease; false when the model is being retired (ask the catalog again).</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            if (retired)
            {
                return false;
            }
            leases++;
            return true;
        }
    }

    public void Release()
    {
        bool dispose;
        lock (gate)
        {
            leases--;
            dispose = retired && leases == 0 && !disposed;
            disposed |= dispose;
        }
        if (dispose)
        {
            _ = DisposeAsync();
        }
    }

    /// <summary>No new leases; disposed once the running requests are done.</summary>
    public void Retire()
    {
        bool dispose;
        lock (gate)
        {
            retired = true;
            dispose = leases == 0 && !disposed;
            disposed |= dispose;
        }
        if (dispose)
        {
            _ = DisposeAsync();
        }
    }

    private async Task DisposeAsync()
    {
        ServingTelemetry.Untrack(this);
        await Scheduler.DisposeAsync();
        embedder?.Dispose();
        Weights.Dispose();
        logger.LogInformation("Unloaded model {Model} ({Path})", Id, FilePath);
    }
}
