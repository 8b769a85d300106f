using Grpc.Core;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Items;
using InstructLab.Aspire.Hosting.Endpoints;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>The taxonomy service, for branch benchmarks: the skill leaves that changed against a base, with their seed examples.</summary>
public sealed class TaxonomyClient(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<GrpcChannel> channel = new(() => SuiteApiKey.Channel(
        SuiteServiceAddress.Resolve(configuration, ResourceNames.Taxonomy, "grpc", configuration["Judging:TaxonomyUrl"]), configuration[SuiteApiKey.Setting],
        new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 }));

    public async Task<IReadOnlyList<BranchQuestions.SkillLeaf>> ChangedSkillLeavesAsync(TaxonomySource source, string @base, CancellationToken cancellationToken)
    {
        if (source is null || source.KindCase == TaxonomySource.KindOneofCase.None)
        {
            throw new EvaluationDataException("taxonomy", "mt_bench_branch needs the taxonomy (a local path or a git URL) whose changed skill leaves it asks about");
        }
        var client = new TaxonomyService.TaxonomyServiceClient(channel.Value);
        using var call = client.GetLeaves(new GetLeavesRequest { Source = source, Base = @base }, cancellationToken: cancellationToken);
        var leaves = new List<BranchQuestions.SkillLeaf>();
        try
        {
            await foreach (var leaf in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (leaf.Kind is LeafKind.Knowledge)
                {
                    continue;
                }
                leaves.Add(new BranchQuestions.SkillLeaf(leaf.Name, leaf.Path, [.. leaf.SeedExamples.SelectMany(example => example.QuestionsAndAnswers
                    .Select(qa => new BranchQuestions.SeedQuestion(qa.Question, qa.Answer, example.Context)))], leaf.Added));
            }
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            throw new EvaluationDataException("taxonomy", e.Status.Detail);
        }
        return leaves;
    }

    public void Dispose()
    {
        if (channel.IsValueCreated)
        {
            channel.Value.Dispose();
        }
    }
}
