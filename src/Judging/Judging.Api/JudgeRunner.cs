using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Hosting.Endpoints;
using InstructLab.Aspire.Judging.Rubrics;
using Microsoft.Extensions.Options;
using Proto = InstructLab.Aspire.Contracts.Judging.V1;

namespace InstructLab.Aspire.Judging.Api;

/// <summary>One judge request: checked against the limits, its endpoint resolved, every item judged.</summary>
public sealed class JudgeRunner(ChatEndpointResolver endpoints, IOptions<JudgingOptions> options)
{
    private JudgingOptions Options => options.Value;

    /// <summary>The request's rubric, inputs and judge, checked; throws <see cref="JudgeException"/> naming the field.</summary>
    public async Task<(Rubric Rubric, IReadOnlyList<JudgeInput> Inputs, RubricJudge Judge, bool Structured)> PrepareAsync(
        JudgeRequest request, CancellationToken cancellationToken)
    {
        var rubric = BuiltinRubrics.Get(request.Rubric);
        if (request.Items.Count > Options.MaxItemsPerRequest)
        {
            throw new JudgeException("items", $"has {request.Items.Count} items; at most {Options.MaxItemsPerRequest} per request (Judging:MaxItemsPerRequest)");
        }
        var inputs = request.Items.Select((item, i) =>
        {
            var length = item.Question.Length + item.Answer.Length + item.Context.Length + item.Criteria.Length;
            return length > Options.MaxItemLength
                ? throw new JudgeException($"items[{i}]", $"has {length} characters; at most {Options.MaxItemLength} (Judging:MaxItemLength)")
                : new JudgeInput(item.Id, item.Question, item.Answer, item.Context, item.Criteria);
        }).ToList();
        rubric.Check(inputs);
        if (request.Temperature is < 0 or > 2)
        {
            throw new JudgeException("temperature", $"must be from 0 to 2, not {request.Temperature}");
        }
        var endpoint = await endpoints.GetAsync(request.Endpoint, Options.Judge, cancellationToken);
        var judge = new RubricJudge(endpoint, new JudgeSettings { MaxExplanationLength = Options.MaxExplanationLength, Temperature = request.Temperature });
        return (rubric, inputs, judge, await endpoint.UsesStructuredOutputAsync(cancellationToken));
    }

    public static Proto.Judgment ToProto(Judgment judgment) => new()
    {
        Id = judgment.Id,
        Score = judgment.Score,
        Label = judgment.Label,
        Explanation = judgment.Explanation,
        ParseStatus = judgment.Status switch
        {
            ParseStatus.Structured => Proto.ParseStatus.Structured,
            ParseStatus.Text => Proto.ParseStatus.Text,
            _ => Proto.ParseStatus.Unparsed,
        },
        FromCache = judgment.FromCache,
        JudgeTokens = judgment.Tokens,
    };
}
