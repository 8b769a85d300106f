using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Api.Consumers;
using MassTransit;

namespace InstructLab.Aspire.Generation.Api.StateMachines;

/// <summary>The commands the job's state machine sends to the workers' queues.</summary>
internal static class JobCommands
{
    private static readonly Uri BatchQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<GenerateBatchConsumer>()}");
    private static readonly Uri MixQueue = new($"queue:{KebabCaseEndpointNameFormatter.Instance.Consumer<MixDatasetConsumer>()}");

    /// <summary>One <see cref="GenerateBatch"/> for every batch not counted yet.</summary>
    public static async Task SendPendingBatchesAsync(ConsumeContext context, GenerationJobState job)
    {
        var endpoint = await context.GetSendEndpoint(BatchQueue);
        var pending = job.Leaves.SelectMany(leaf => Enumerable.Range(0, leaf.Batches).Select(batch => (leaf.Index, batch)))
            .Where(b => !job.DoneBatches.Contains(GenerationJobState.BatchId(b.Index, b.batch)))
            .Select(b => new GenerateBatch { JobId = job.CorrelationId, PlanKey = job.PlanKey, LeafIndex = b.Index, BatchIndex = b.batch, TimeLimit = job.BatchTimeLimit });
        await endpoint.SendBatch(pending, context.CancellationToken);
    }

    public static async Task SendMixAsync(ConsumeContext context, GenerationJobState job)
    {
        var endpoint = await context.GetSendEndpoint(MixQueue);
        await endpoint.Send(new MixDataset { JobId = job.CorrelationId, PlanKey = job.PlanKey }, context.CancellationToken);
    }
}
