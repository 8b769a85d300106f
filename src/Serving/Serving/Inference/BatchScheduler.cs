using System.Collections.Concurrent;
using LLama;
using LLama.Abstractions;
using LLama.Batched;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>Limits of one scheduler.</summary>
/// <param name="ContextSize">KV cells shared by all sequences.</param>
/// <param name="MaxSequences">Sequences decoded together (llama.cpp's n_seq_max).</param>
/// <param name="QueueLength">Prompts that may wait for a slot.</param>
/// <param name="PrefixReuseMinTokens">Shortest shared prefix worth reusing; 0 = off.</param>
/// <param name="SharedKvCache">
/// One KV cache for all sequences: a sequence can be forked (its cells shared). With per-sequence caches llama.cpp
/// copies only whole caches between sequences, so choices are prompted separately and prefixes are not reused.
/// </param>
public sealed record SchedulerLimits(int ContextSize, int MaxSequences, int QueueLength, int PrefixReuseMinTokens, bool SharedKvCache = true);

/// <summary>
/// Continuous batching for one loaded model. llama.cpp decodes one batch at a time per process, so a single loop owns
/// the model's <see cref="BatchedExecutor"/>: each step it admits waiting prompts that fit (first come, first served, by
/// the KV cells they may need), decodes one batch holding every running sequence's next token and any prompt chunk,
/// then samples each sequence with its own sampler. Requests join and leave between steps; a cancelled request's
/// sequences are freed at the next step.
/// </summary>
public sealed class BatchScheduler : IAsyncDisposable
{
    private readonly LLamaWeights weights;
    private readonly IContextParams contextParams;
    private BatchedExecutor executor;
    private readonly SchedulerLimits limits;
    private readonly ILogger logger;
    private readonly ConcurrentQueue<GenerationRequest> incoming = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<GenerationRequest> waiting = [];
    private readonly List<ActiveSequence> running = [];
    private readonly PrefixCache prefixes;
    private readonly Task loop;
    private int queued;
    private int reservedCells;

    public BatchScheduler(LLamaWeights weights, IContextParams contextParams, SchedulerLimits limits, ILogger logger)
    {
        this.weights = weights;
        this.contextParams = contextParams;
        this.limits = limits;
        this.logger = logger;
        executor = new BatchedExecutor(weights, contextParams);
        if (!limits.SharedKvCache)
        {
            this.limits = limits = limits with { PrefixReuseMinTokens = 0 };
        }
        prefixes = new PrefixCache(limits.PrefixReuseMinTokens > 0 ? Math.Max(1, limits.MaxSequences / 4) : 0);
        loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public SchedulerLimits Limits => limits;

    /// <summary>Tokens llama.cpp decodes in one batch (n_batch).</summary>
    public int BatchSize => (int)contextParams.BatchSize;

    /// <summary>Prompts waiting for a slot.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>Sequences being generated.</summary>
    public int Running { get; private set; }

    /// <summary>Queues a prompt; its events arrive on the request's channel. Throws when the queue is full.</summary>
    public void Submit(GenerationRequest request)
    {
        if (request.ReservedCells > limits.ContextSize || request.Sequences > limits.MaxSequences)
        {
            throw new ArgumentException($"The request needs {request.ReservedCells} KV cells and {request.Sequences} sequences; this model has {limits.ContextSize} and {limits.MaxSequences}.");
        }
        if (Interlocked.Increment(ref queued) > limits.QueueLength)
        {
            Interlocked.Decrement(ref queued);
            throw new QueueFullException(limits.QueueLength);
        }
        if (stopping.IsCancellationRequested)
        {
            Interlocked.Decrement(ref queued);
            throw new ObjectDisposedException(nameof(BatchScheduler));
        }
        incoming.Enqueue(request);
        wake.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var sequence in running)
        {
            sequence.Group.Request.Events.TryWrite(new GenerationFailed(sequence.Choice, new ObjectDisposedException("The model was unloaded.")));
            sequence.Dispose();
        }
        foreach (var request in waiting.Concat(incoming))
        {
            request.Events.TryWrite(new GenerationFailed(request.FirstChoice, new ObjectDisposedException("The model was unloaded.")));
        }
        prefixes.Dispose();
        executor.Dispose();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                while (incoming.TryDequeue(out var request))
                {
                    waiting.Add(request);
                }
                DropEnding();
                Admit();
                Running = running.Count;
                if (executor.BatchQueueCount == 0 && !running.Any(s => s.Conversation.RequiresSampling))
                {
                    await wake.WaitAsync(running.Count > 0 ? TimeSpan.FromMilliseconds(50) : Timeout.InfiniteTimeSpan, token);
                    continue;
                }
                if (executor.BatchQueueCount > 0)
                {
                    var tokens = executor.BatchedTokenCount;
                    var result = await executor.Infer(CancellationToken.None);
                    if (result != DecodeResult.Ok)
                    {
                        FailRunning(new InvalidOperationException($"llama.cpp could not decode a batch of {tokens} tokens: {result}."));
                        Restart();
                        continue;
                    }
                }
                SampleReady();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                logger.LogError(error, "The batch loop failed; failing the running requests");
                FailRunning(error);
            }
        }
    }

    /// <summary>After a failed decode the executor's queue and KV cache are in an unknown state: start from an empty one.</summary>
    private void Restart()
    {
        logger.LogWarning("Restarting the batch executor after a failed decode; the prefix cache is dropped");
        prefixes.Dispose();
        executor.Dispose();
        executor = new BatchedExecutor(weights, contextParams);
    }

    /// <summary>Lets go of the sequences of requests that failed or whose callers went away.</summary>
    private void DropEnding()
    {
        foreach (var request in waiting.Where(r => r.CancellationToken.IsCancellationRequested).ToList())
        {
            waiting.Remove(request);
            Interlocked.Decrement(ref queued);
        }
        // A sequence with a token in the pending batch stays until that batch is decoded: freeing its KV cells now
        // would leave the token without its sequence's earlier positions, and llama.cpp would refuse the whole batch.
        foreach (var sequence in running.Where(s => s.Group.Ending && !s.Conversation.RequiresInference).ToList())
        {
            Retire(sequence, cache: false);
        }
    }

    /// <summary>Admits waiting prompts in order while the next one fits (no overtaking: a large prompt is not starved).</summary>
    private void Admit()
    {
        while (waiting.Count > 0)
        {
            var request = waiting[0];
            var n = request.Sequences;
            while ((running.Count + prefixes.Count + n > limits.MaxSequences || reservedCells + prefixes.Cells + request.ReservedCells > limits.ContextSize)
                   && prefixes.EvictOldest())
            {
            }
            if (running.Count + prefixes.Count + n > limits.MaxSequences || reservedCells + prefixes.Cells + request.ReservedCells > limits.ContextSize)
            {
                return;
            }
            waiting.RemoveAt(0);
            Interlocked.Decrement(ref queued);
            request.MarkAdmitted();
            ServingTelemetry.QueueTime.Record(request.QueueTime!.Value.TotalSeconds);
            reservedCells += request.ReservedCells;
            try
            {
                Start(request);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // The request never ran: it alone fails, and its reservation is returned.
                logger.LogWarning(error, "Starting a request failed");
                reservedCells -= request.ReservedCells;
                request.Events.TryWrite(new GenerationFailed(request.FirstChoice, error));
            }
        }
    }

    private void Start(GenerationRequest request)
    {
        var prompt = request.PromptTokens;
        var conversation = executor.Create();
        // Scoring an echoed prompt needs the logits of every prompt position, so nothing of it may come from the cache.
        var scorePrompt = request.Settings.Echo && request.Settings.Logprobs;
        var reused = limits.PrefixReuseMinTokens > 0 && !scorePrompt ? prefixes.Find(prompt, limits.PrefixReuseMinTokens) : null;
        var start = 0;
        if (reused is { } prefix)
        {
            conversation.Dispose();
            conversation = prefix.Conversation.Fork();
            // Keep at least the prompt's last token to decode: its logits give the first completion token.
            start = Math.Min(prefix.Length, prompt.Length - 1);
            conversation.Modify((end, kv) =>
            {
                kv.Remove((LLamaPos)start, end);
                return (LLamaPos)start;
            });
        }
        request.ReusedPromptTokens = start + (request.Branches is { } branches ? prompt.Length * (branches.Count - 1) : 0);
        var tokens = prompt.AsSpan(start).ToArray().Select(t => (LLamaToken)t).ToArray();
        var group = new ScheduledGroup(request) { Running = 1 };
        if (scorePrompt)
        {
            group.Scoring = new PromptScoring(prompt, (int)contextParams.BatchSize, request.Settings.TopLogprobs);
            conversation.Prompt((ReadOnlySpan<LLamaToken>)group.Scoring.First(), allLogits: true);
        }
        else
        {
            conversation.Prompt(tokens);
        }
        ServingTelemetry.PromptTokens.Add(prompt.Length - start);
        running.Add(new ActiveSequence(group, request.FirstChoice, conversation, [.. prompt], weights));
        if (!limits.SharedKvCache)
        {
            // No forks across per-sequence caches: each further choice decodes the prompt itself.
            for (var choice = 1; choice < request.Settings.N; choice++)
            {
                var separate = executor.Create();
                separate.Prompt(tokens);
                ServingTelemetry.PromptTokens.Add(tokens.Length);
                group.Running++;
                running.Add(new ActiveSequence(group, request.FirstChoice + choice, separate, [.. prompt], weights));
            }
            group.PendingForks = 0;
        }
    }

    private void SampleReady()
    {
        var context = executor.Context;
        foreach (var sequence in running.ToList())
        {
            // A failed step retires its whole request, so a sequence of the snapshot may be gone.
            if (!running.Contains(sequence) || !sequence.Conversation.RequiresSampling || sequence.Group.Ending)
            {
                continue;
            }
            var group = sequence.Group;
            if (group.Scoring is { Finished: false } scoring && sequence.Choice == group.Request.FirstChoice)
            {
                if (scoring.Advance(sequence.Conversation, context.Vocab) is { } chunk)
                {
                    sequence.Conversation.Prompt((ReadOnlySpan<LLamaToken>)chunk, allLogits: true);
                    continue;
                }
                group.Echo = scoring.Result;
            }
            if (group.Request.Branches is not null && !group.Branched)
            {
                Branch(sequence, context);
                continue;
            }
            if (sequence.EchoHead is { } head && sequence.Echo is null)
            {
                sequence.Echo = PromptLogprobs.Continue(head, sequence.Conversation, sequence.OwnPrompt!, group.Request.Settings.TopLogprobs, context.Vocab);
            }
            for (; group.PendingForks > 0 && running.Contains(sequence); group.PendingForks--)
            {
                var choice = group.Request.FirstChoice + group.Request.Settings.N - group.PendingForks;
                var fork = new ActiveSequence(group, choice, sequence.Conversation.Fork(), [.. sequence.KvTokens], weights);
                group.Running++;
                running.Add(fork);
                Step(fork, context);
            }
            if (running.Contains(sequence))
            {
                Step(sequence, context);
            }
        }
    }

    /// <summary>
    /// A branched request's shared prefix is decoded: score it once, fork one sequence per prompt that goes on with
    /// that prompt's own tokens (scored after the next decode), and let the prefix's own sequence go.
    /// </summary>
    private void Branch(ActiveSequence root, LLamaContext context)
    {
        var group = root.Group;
        var request = group.Request;
        var top = request.Settings.TopLogprobs;
        var prefix = group.Echo!;
        var branches = request.Branches!;
        var firsts = branches.Select(b => Logprobs.For(root.Conversation.Sample(), b[0], top, context.Vocab)).ToList();
        for (var i = 0; i < branches.Count; i++)
        {
            var fork = root.Conversation.Fork();
            fork.Prompt((ReadOnlySpan<LLamaToken>)[.. branches[i].Select(t => (LLamaToken)t)], allLogits: true);
            ServingTelemetry.PromptTokens.Add(branches[i].Length);
            group.Running++;
            running.Add(new ActiveSequence(group, request.FirstChoice + i, fork, [.. request.PromptTokens, .. branches[i]], weights)
            {
                EchoHead = [.. prefix, firsts[i]],
                OwnPrompt = branches[i],
            });
        }
        group.Branched = true;
        group.PendingForks = 0;
        running.Remove(root);
        group.Running--;
        root.Dispose();
    }

    private void Step(ActiveSequence sequence, LLamaContext context)
    {
        try
        {
            sequence.Step(context);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // One request's failure (its grammar, its sampler) ends that request only; choices with a token in the
            // batch being built leave once it is decoded (see DropEnding).
            logger.LogWarning(error, "Sampling failed; ending the request's choices");
            sequence.Group.Failed = true;
            foreach (var member in running.Where(s => s.Group == sequence.Group).ToList())
            {
                member.Group.Request.Events.TryWrite(new GenerationFailed(member.Choice, error));
                if (!member.Conversation.RequiresInference)
                {
                    Retire(member, cache: false);
                }
            }
            return;
        }
        ServingTelemetry.GeneratedTokens.Add(1);
        if (sequence.Finished)
        {
            Retire(sequence, cache: true);
        }
    }

    /// <summary>Ends a sequence; the group's reservation is returned when its last choice ends.</summary>
    private void Retire(ActiveSequence sequence, bool cache)
    {
        running.Remove(sequence);
        var group = sequence.Group;
        group.Running--;
        var last = group.Running == 0 && group.PendingForks == 0;
        if (cache && last && limits.PrefixReuseMinTokens > 0 && sequence.KvTokens.Count >= limits.PrefixReuseMinTokens && !sequence.Conversation.RequiresInference)
        {
            prefixes.Add(sequence.DetachConversation(), [.. sequence.KvTokens]);
        }
        sequence.Dispose();
        if (group.Running == 0)
        {
            group.PendingForks = 0;
            reservedCells -= group.Request.ReservedCells;
        }
    }

    private void FailRunning(Exception error)
    {
        foreach (var sequence in running.ToList())
        {
            sequence.Group.Request.Events.TryWrite(new GenerationFailed(sequence.Choice, error));
            Retire(sequence, cache: false);
        }
    }
}

/// <summary>The scheduler's queue is full.</summary>
public sealed class QueueFullException(int length) : Exception($"The server is busy: {length} prompts are already waiting.");
