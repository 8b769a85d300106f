using System.Threading.Channels;
using Grpc.Core;
using InstructLab.Aspire.Contracts.Judging.V1;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Info;
using InstructLab.Aspire.Judging.Rubrics;
using Proto = InstructLab.Aspire.Contracts.Judging.V1;

namespace InstructLab.Aspire.Judging.Api.Grpc;

public sealed class JudgingGrpcService(ServiceInfoProvider info, JudgeRunner runner) : JudgingService.JudgingServiceBase
{
    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context) =>
        info.GetAsync(context.CancellationToken);

    public override Task<ListRubricsResponse> ListRubrics(ListRubricsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListRubricsResponse
        {
            Rubrics =
            {
                BuiltinRubrics.All.Select(rubric => new RubricInfo
                {
                    Name = rubric.Name,
                    Description = rubric.Description,
                    Scores = { rubric.Scores.Select(s => s.Value) },
                    Labels = { rubric.Scores.Select(s => s.Label) },
                    Reads = { rubric.Reads },
                }),
            },
        });

    public override async Task<JudgeResponse> Judge(JudgeRequest request, ServerCallContext context)
    {
        var (rubric, inputs, judge, structured) = await runner.PrepareAsync(request, context.CancellationToken);
        var judgments = await Task.WhenAll(inputs.Select(input => judge.JudgeOneAsync(rubric, input, structured, request.Seed, context.CancellationToken)));
        return new JudgeResponse
        {
            Judgments = { judgments.Select(JudgeRunner.ToProto) },
            JudgeCalls = judgments.Count(j => !j.FromCache),
            CachedCalls = judgments.Count(j => j.FromCache),
            JudgeTokens = judgments.Where(j => !j.FromCache).Sum(j => (long)j.Tokens),
        };
    }

    /// <summary>Every message's items are judged as they arrive; judgments go out as they are made, through one writer.</summary>
    public override async Task JudgeStream(IAsyncStreamReader<JudgeRequest> requestStream, IServerStreamWriter<Proto.Judgment> responseStream, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var made = Channel.CreateUnbounded<Proto.Judgment>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(async () =>
        {
            await foreach (var judgment in made.Reader.ReadAllAsync(cancellation))
            {
                await responseStream.WriteAsync(judgment, cancellation);
            }
        }, cancellation);
        var pending = new List<Task>();
        try
        {
            await foreach (var request in requestStream.ReadAllAsync(cancellation))
            {
                var (rubric, inputs, judge, structured) = await runner.PrepareAsync(request, cancellation);
                pending.AddRange(inputs.Select(async input =>
                    await made.Writer.WriteAsync(JudgeRunner.ToProto(await judge.JudgeOneAsync(rubric, input, structured, request.Seed, cancellation)), cancellation)));
            }
            await Task.WhenAll(pending);
        }
        finally
        {
            made.Writer.TryComplete();
        }
        await writer;
    }
}
