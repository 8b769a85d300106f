using System.Text;
using LLama;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;

namespace InstructLab.Aspire.Serving.Inference;

/// <summary>One choice being generated: its llama.cpp sequence, its own sampler, and its text so far.</summary>
internal sealed class ActiveSequence : IDisposable
{
    private readonly DefaultSamplingPipeline sampler;
    private readonly StreamingTokenDecoder decoder;
    private readonly StopMatcher stopMatcher;
    private bool echoed;

    public ActiveSequence(ScheduledGroup group, int choice, Conversation conversation, List<int> kvTokens, LLamaWeights weights)
    {
        Group = group;
        Choice = choice;
        Conversation = conversation;
        KvTokens = kvTokens;
        var settings = group.Request.Settings;
        sampler = CreateSampler(settings.Sampling, choice - group.Request.FirstChoice);
        decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
        stopMatcher = new StopMatcher(settings.Stop);
    }

    public ScheduledGroup Group { get; }

    /// <summary>The choice's index in the response.</summary>
    public int Choice { get; }

    public Conversation Conversation { get; private set; }

    /// <summary>Tokens in this sequence's KV cache, in order (for prefix reuse).</summary>
    public List<int> KvTokens { get; }

    /// <summary>For a branch of a shared prefix: the log-probabilities of the prefix and of this branch's first token.</summary>
    public IReadOnlyList<TokenLogprob>? EchoHead { get; init; }

    /// <summary>For a branch of a shared prefix: the tokens this sequence was prompted with after the prefix.</summary>
    public int[]? OwnPrompt { get; init; }

    /// <summary>This sequence's whole echoed prompt, once scored (a branch's own; otherwise the group's).</summary>
    public IReadOnlyList<TokenLogprob>? Echo { get; set; }

    public int Generated { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>Samples the next token, reports it, and queues it for decoding unless the choice is done.</summary>
    public void Step(LLamaContext context)
    {
        var request = Group.Request;
        var settings = request.Settings;
        var vocab = context.Vocab;
        if (settings.Echo && Generated == 0 && !echoed)
        {
            request.Events.TryWrite(new PromptEchoed(Choice, Echo ?? Group.Echo));
            echoed = true;
        }
        if (settings.PromptOnly)
        {
            Finish("", null, "length");
            return;
        }
        var token = sampler.Sample(context.NativeHandle, Conversation.GetSampleIndex());
        var logprob = settings.Logprobs && !token.IsEndOfGeneration(vocab)
            ? Logprobs.For(Conversation.Sample(), (int)token, settings.TopLogprobs, vocab)
            : null;
        if (request.MarkFirstToken())
        {
            ServingTelemetry.TimeToFirstToken.Record(request.TimeToFirstToken!.Value.TotalSeconds);
        }
        if (token.IsEndOfGeneration(vocab))
        {
            Finish(stopMatcher.Flush(), null, "stop");
            return;
        }
        Generated++;
        decoder.Add(token);
        var (release, stopped) = stopMatcher.Push(decoder.Read());
        if (stopped)
        {
            Finish(release, logprob, "stop");
            return;
        }
        if (Generated >= settings.MaxTokens)
        {
            Finish(release + stopMatcher.Flush(), logprob, "length");
            return;
        }
        if (release.Length > 0 || logprob is not null)
        {
            request.Events.TryWrite(new TextGenerated(Choice, release, logprob));
        }
        Conversation.Prompt(token);
        KvTokens.Add((int)token);
    }

    /// <summary>Gives the conversation to someone else (the prefix cache), so disposing this sequence keeps it.</summary>
    public Conversation DetachConversation()
    {
        var conversation = Conversation;
        Conversation = null!;
        return conversation;
    }

    public void Dispose()
    {
        Conversation?.Dispose();
        sampler.Dispose();
    }

    private void Finish(string text, TokenLogprob? logprob, string reason)
    {
        var events = Group.Request.Events;
        if (text.Length > 0 || logprob is not null)
        {
            events.TryWrite(new TextGenerated(Choice, text, logprob));
        }
        events.TryWrite(new ChoiceFinished(Choice, reason, Generated));
        Finished = true;
    }

    private static DefaultSamplingPipeline CreateSampler(SamplingParameters sampling, int offset) => new()
    {
        Temperature = sampling.Temperature,
        TopK = sampling.TopK,
        TopP = sampling.TopP,
        MinP = sampling.MinP,
        PresencePenalty = sampling.PresencePenalty,
        FrequencyPenalty = sampling.FrequencyPenalty,
        LogitBias = sampling.LogitBias.ToDictionary(pair => (LLamaToken)pair.Key, pair => pair.Value),
        Grammar = sampling.Grammar is { } gbnf ? new LLama.Sampling.Grammar(gbnf, "root") : null,
        Seed = sampling.Seed is { } seed ? unchecked(seed + (uint)offset) : (uint)Random.Shared.Next(),
    };
}

/// <summary>A request's prompt while its choices run: the KV cells it reserved and how many choices are still going.</summary>
internal sealed class ScheduledGroup(GenerationRequest request)
{
    public GenerationRequest Request { get; } = request;

    public int Running { get; set; }

    /// <summary>Choices still to be forked from the first one once the prompt is decoded.</summary>
    public int PendingForks { get; set; } = request.Settings.N - 1;

    /// <summary>Scoring the prompt for echo with logprobs, chunk by chunk, on the first choice's sequence.</summary>
    public PromptScoring? Scoring { get; set; }

    /// <summary>The prompt tokens' log-probabilities, for echo with logprobs (computed once, before the forks).</summary>
    public IReadOnlyList<TokenLogprob>? Echo { get; set; }

    /// <summary>A branched request's prefix has been forked into its branches.</summary>
    public bool Branched { get; set; }

    /// <summary>The request failed (its failure is reported); its sequences leave as soon as no batch holds their tokens.</summary>
    public bool Failed { get; set; }

    /// <summary>Whether the request's sequences should leave: it failed, or its caller went away.</summary>
    public bool Ending => Failed || Request.CancellationToken.IsCancellationRequested;
}
