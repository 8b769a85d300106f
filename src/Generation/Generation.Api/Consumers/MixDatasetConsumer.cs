using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Mixing;
using MassTransit;

namespace InstructLab.Aspire.Generation.Api.Consumers;

/// <summary>Deduplicates and mixes a finished job's batches into its dataset; mixing twice writes the same files.</summary>
public sealed partial class MixDatasetConsumer(DatasetMixer mixer, ILogger<MixDatasetConsumer> logger) : IConsumer<MixDataset>
{
    public async Task Consume(ConsumeContext<MixDataset> context)
    {
        using var activity = GenerationTelemetry.Source.StartActivity("mix dataset");
        activity?.SetTag("generation.job_id", context.Message.JobId.ToString());
        var dataset = await mixer.MixAsync(context.Message.JobId, context.Message.PlanKey, context.CancellationToken);
        activity?.SetTag("generation.knowledge_lines", dataset.KnowledgeLines);
        activity?.SetTag("generation.skills_lines", dataset.SkillsLines);
        LogMixed(context.Message.JobId, dataset.KnowledgeLines, dataset.SkillsLines);
        await context.Publish(new DatasetMixed { JobId = context.Message.JobId, Dataset = dataset });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} mixed: {KnowledgeLines} knowledge lines, {SkillsLines} skills lines")]
    private partial void LogMixed(Guid jobId, long knowledgeLines, long skillsLines);
}
