using System.Diagnostics;
using System.Threading.Channels;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Inference;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// One HTTP request's prompts in a model's scheduler: submits them (all or none), then reads their events until every
/// choice has finished. Disposing it (the client went away, or the response is written) frees the sequences.
/// </summary>
internal sealed class GenerationRun : IDisposable
{
    private readonly Channel<GenerationEvent> events = Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource cancellation;
    private readonly List<GenerationRequest> requests = [];
    private readonly long started = Stopwatch.GetTimestamp();

    public GenerationRun(LoadedModel model, IReadOnlyList<int[]> prompts, GenerationSettings settings, int defaultMaxTokens, CancellationToken aborted)
    {
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (SharedPrefix(prompts, settings, model) is { } prefix)
        {
            var fitted = GenerationParameters.ForPrompt(settings, prompts.Max(p => p.Length), model, defaultMaxTokens);
            requests.Add(new GenerationRequest(prompts[0][..prefix], fitted, events.Writer, 0, cancellation.Token) { Branches = [.. prompts.Select(p => p[prefix..])] });
        }
        else
        {
            foreach (var (prompt, index) in prompts.Select((p, i) => (p, i)))
            {
                var fitted = GenerationParameters.ForPrompt(settings, prompt.Length, model, defaultMaxTokens);
                requests.Add(new GenerationRequest(prompt, fitted, events.Writer, index * settings.N, cancellation.Token));
            }
        }
        Choices = prompts.Count * settings.N;
        try
        {
            foreach (var request in requests)
            {
                model.Scheduler.Submit(request);
            }
        }
        catch (QueueFullException error)
        {
            cancellation.Cancel();
            throw ServingException.Overloaded(error.Message);
        }
    }

    public int Choices { get; }

    public int PromptTokens => requests.Sum(r => r.PromptTokenCount);

    public int CachedPromptTokens => requests.Sum(r => r.ReusedPromptTokens);

    public int CompletionTokens { get; private set; }

    /// <summary>Max tokens per choice of the first prompt (for traces).</summary>
    public int MaxTokens => requests[0].Settings.MaxTokens;

    public IReadOnlyList<GenerationRequest> Requests => requests;

    /// <summary>The events of every choice until all have finished; a failure ends the run with an exception.</summary>
    public async IAsyncEnumerable<GenerationEvent> ReadAllAsync()
    {
        var finished = 0;
        await foreach (var item in events.Reader.ReadAllAsync(cancellation.Token))
        {
            if (item is GenerationFailed failed)
            {
                throw new ServingException(500, $"Generation failed: {failed.Error.Message}", "server_error");
            }
            if (item is ChoiceFinished done)
            {
                CompletionTokens += done.CompletionTokens;
                finished++;
            }
            yield return item;
            if (finished == Choices)
            {
                RecordThroughput();
                yield break;
            }
        }
    }

    public void Tag(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("gen_ai.usage.input_tokens", PromptTokens);
        activity.SetTag("gen_ai.usage.output_tokens", CompletionTokens);
        activity.SetTag("gen_ai.request.max_tokens", MaxTokens);
        activity.SetTag("gen_ai.request.choice.count", Choices);
        activity.SetTag("serving.prompt_tokens_cached", CachedPromptTokens);
        if (requests.Select(r => r.QueueTime).Max() is { } queue)
        {
            activity.SetTag("serving.queue_time_ms", queue.TotalMilliseconds);
        }
        if (requests.Select(r => r.TimeToFirstToken).Min() is { } first)
        {
            activity.SetTag("serving.time_to_first_token_ms", first.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Scoring several prompts that start alike (echo with logprobs, one choice each, e.g. a multiple-choice item's
    /// continuations): the length of their common token prefix, decoded once and forked; null to run them apart.
    /// </summary>
    private static int? SharedPrefix(IReadOnlyList<int[]> prompts, GenerationSettings settings, LoadedModel model)
    {
        var limits = model.Scheduler.Limits;
        if (prompts.Count < 2 || settings is not { Echo: true, Logprobs: true, N: 1 } || !limits.SharedKvCache || prompts.Count + 1 > limits.MaxSequences)
        {
            return null;
        }
        var longest = prompts.Max(p => p.Length);
        var length = prompts.Min(p => p.Length) - 1;
        for (var i = 0; i < length; i++)
        {
            if (prompts.Any(p => p[i] != prompts[0][i]))
            {
                length = i;
                break;
            }
        }
        // A branch's own tokens are scored in one decode, so they must fit a batch.
        return length >= 1 && longest - length <= model.Scheduler.BatchSize ? length : null;
    }

    public void Dispose()
    {
        cancellation.Cancel();
        cancellation.Dispose();
    }

    private void RecordThroughput()
    {
        if (requests.Select(r => r.TimeToFirstToken).Min() is { } first)
        {
            var decoding = Stopwatch.GetElapsedTime(started).TotalSeconds - first.TotalSeconds;
            if (decoding > 0 && CompletionTokens > Choices)
            {
                ServingTelemetry.TokensPerSecond.Record((CompletionTokens - Choices) / decoding);
            }
        }
    }
}
