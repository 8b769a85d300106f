using System.Diagnostics;
using System.Security.Cryptography;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Messages.Training;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.Reports;
using InstructLab.Aspire.Training.Reports;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.Workers;

/// <summary>
/// A finished run's files to <c>models/&lt;id&gt;/&lt;version&gt;/</c> (the GGUF as <c>model.gguf</c>, model card, training
/// report and curves under the names the engine gave them, so the report's image link holds), then
/// <see cref="ModelPublished"/>: serving answers to the id with the new version without a restart. The report's signed
/// link goes to the log (the dashboard shows it as a link) and onto the span (<c>training.report_url</c>).
/// </summary>
public sealed partial class ModelPublisher(IArtifactStore store, ReportLinks links, TimeProvider clock, ILogger<ModelPublisher> logger)
{
    public async Task<PublishedModelKeys> PublishAsync(TrainingPlan plan, TrainingArtifacts files, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var folder = TrainingKeys.ModelFolder(plan.OutputModelId, plan.ModelVersion);
        string Key(string path) => folder + Path.GetFileName(path);
        await store.PutFileAsync(Key(files.ModelCardJson), files.ModelCardJson, "application/json", cancellationToken);
        await store.PutFileAsync(Key(files.ModelCardMarkdown), files.ModelCardMarkdown, "text/markdown", cancellationToken);
        await store.PutFileAsync(Key(files.ReportJson), files.ReportJson, "application/json", cancellationToken);
        await store.PutFileAsync(Key(files.ReportMarkdown), files.ReportMarkdown, "text/markdown", cancellationToken);
        await store.PutFileAsync(Key(files.Curves), files.Curves, "image/png", cancellationToken);
        string sha256;
        await using (var model = File.OpenRead(files.Model))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(model, cancellationToken));
        }
        // The GGUF last: a version folder with its model.gguf is complete (what ModelSources.NewestVersionAsync looks for).
        var modelKey = folder + "model.gguf";
        await store.PutFileAsync(modelKey, files.Model, "application/octet-stream", cancellationToken);
        var published = new PublishedModelKeys
        {
            ModelId = plan.OutputModelId,
            Version = plan.ModelVersion,
            ArtifactKey = modelKey,
            Sha256 = sha256,
            ModelCardKey = Key(files.ModelCardJson),
            ModelCardMarkdownKey = Key(files.ModelCardMarkdown),
            ReportKey = Key(files.ReportJson),
            ReportMarkdownKey = Key(files.ReportMarkdown),
            CurvesKey = Key(files.Curves),
            PublishedAt = clock.GetUtcNow(),
        };
        await bus.Publish(new ModelPublished { ModelId = plan.OutputModelId, ArtifactKey = modelKey, Sha256 = sha256, PublishedAt = published.PublishedAt },
            cancellationToken);
        var report = links.For(plan.JobId);
        Activity.Current?.SetTag("training.report_url", report.GetLeftPart(UriPartial.Path));
        LogPublished(plan.JobId, plan.OutputModelId, plan.ModelVersion, report);
        return published;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Training job {Job} published {Model} version {Version}; training report: {ReportUrl}")]
    private partial void LogPublished(Guid job, string model, int version, Uri reportUrl);
}
