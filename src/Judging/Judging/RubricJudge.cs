using System.Diagnostics;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Judging.Rubrics;

namespace InstructLab.Aspire.Judging;

/// <summary>Judges inputs with one rubric on one judge endpoint; every input a call of its own, all in flight together.</summary>
public sealed class RubricJudge(IChatEndpoint judge, JudgeSettings settings)
{
    /// <summary>Checks every input first (a missing field fails the whole request), then judges them all.</summary>
    /// <exception cref="JudgeException">An input lacks a field the rubric reads.</exception>
    public async Task<IReadOnlyList<Judgment>> JudgeAsync(Rubric rubric, IReadOnlyList<JudgeInput> inputs, long seed, CancellationToken cancellationToken)
    {
        rubric.Check(inputs);
        var structured = await judge.UsesStructuredOutputAsync(cancellationToken);
        return await Task.WhenAll(inputs.Select(input => JudgeOneAsync(rubric, input, structured, seed, cancellationToken)));
    }

    public async Task<Judgment> JudgeOneAsync(Rubric rubric, JudgeInput input, bool structured, long seed, CancellationToken cancellationToken)
    {
        using var activity = JudgingTelemetry.Source.StartActivity("judge " + rubric.Name);
        activity?.SetTag("judging.rubric", rubric.Name);
        var call = new ChatCall
        {
            Messages = rubric.Messages(input, structured),
            Temperature = settings.Temperature,
            TopP = 1,
            MaxTokens = settings.MaxExplanationLength + 64,
            Seed = SamplingSeeds.Derive(seed, rubric.Name, input.Question, input.Answer, input.Context, input.Criteria),
            Schema = rubric.Schema(settings.MaxExplanationLength),
            SchemaName = rubric.Name,
        };
        var answer = await judge.CompleteAsync(call, cancellationToken);
        var (score, explanation, status) = JudgmentReader.Read(rubric, answer.Content, answer.Structured);
        activity?.SetTag("judging.parse_status", status.ToString());
        activity?.SetTag("judging.from_cache", answer.FromCache);
        JudgingTelemetry.Judgments.Add(1, new TagList { { "rubric", rubric.Name }, { "parse_status", status.ToString() } });
        return score is null
            ? Judgment.Unparsed(input.Id, answer.FromCache, answer.CompletionTokens) with { Explanation = explanation }
            : new Judgment(input.Id, score.Value, score.Label, explanation, status, answer.FromCache, answer.CompletionTokens);
    }
}
