namespace InstructLab.Aspire.Serving.Inference;

/// <summary>What a scheduler reports about a request's choices, in order per choice.</summary>
public abstract record GenerationEvent(int Choice);

/// <summary>New text of a choice (may be empty when only <see cref="Logprob"/> is new, or when text waits on a possible stop string).</summary>
public sealed record TextGenerated(int Choice, string Text, TokenLogprob? Logprob) : GenerationEvent(Choice);

/// <summary>
/// A choice's prompt, for <c>echo</c>: when log-probabilities were asked for, each prompt token's given the tokens
/// before it (the first token's <see cref="TokenLogprob.Logprob"/> is NaN: nothing predicts it); otherwise null.
/// </summary>
public sealed record PromptEchoed(int Choice, IReadOnlyList<TokenLogprob>? Logprobs) : GenerationEvent(Choice);

/// <summary>A choice is done: <c>stop</c> (end of generation or a stop string) or <c>length</c> (max_tokens).</summary>
public sealed record ChoiceFinished(int Choice, string Reason, int CompletionTokens) : GenerationEvent(Choice);

/// <summary>The request cannot go on (the model was unloaded, llama.cpp failed); no more events follow for it.</summary>
public sealed record GenerationFailed(int Choice, Exception Error) : GenerationEvent(Choice);

/// <summary>The sampled token's log-probability and the most likely alternatives, from the model's raw distribution.</summary>
public sealed record TokenLogprob(string Token, int TokenId, float Logprob, IReadOnlyList<TopLogprob> Top);

public sealed record TopLogprob(string Token, int TokenId, float Logprob);
