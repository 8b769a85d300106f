using System.Text;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages.Evaluation;
using InstructLab.Aspire.Evaluations;
using InstructLab.Aspire.Evaluations.Reports;
using InstructLab.Aspire.Evaluations.Results;
using MassTransit;

namespace InstructLab.Aspire.Judging.Api.Evaluations;

/// <summary>
/// Reads every batch's results, aggregates them into the report and writes it as JSON and Markdown. Idempotent: a
/// report already written is announced again as it is.
/// </summary>
public sealed class WriteEvaluationReportConsumer(EvaluationPlans plans, IArtifactStore store, TimeProvider clock) : IConsumer<WriteEvaluationReport>
{
    public async Task Consume(ConsumeContext<WriteEvaluationReport> context)
    {
        var (plan, items) = await plans.ReadAsync(context.Message.PlanKey, context.CancellationToken);
        var (jsonKey, markdownKey) = (EvaluationKeys.Report(plan.Id), EvaluationKeys.ReportMarkdown(plan.Id));
        using var activity = EvaluationTelemetry.Source.StartActivity("write evaluation report");
        activity?.SetTag("evaluation.id", plan.Id.ToString());
        EvaluationReport report;
        if (await store.ExistsAsync(markdownKey, context.CancellationToken))
        {
            report = await store.ReadJsonAsync<EvaluationReport>(jsonKey, context.CancellationToken);
        }
        else
        {
            var results = new List<ItemResult>();
            for (var batch = 0; batch < plan.Batches; batch++)
            {
                results.AddRange(await store.ReadJsonAsync<List<ItemResult>>(EvaluationKeys.Results(plan.Id, batch), context.CancellationToken));
            }
            report = ReportBuilder.Build(plan, items, results, clock.GetUtcNow());
            await store.PutJsonAsync(jsonKey, report, context.CancellationToken);
            await store.PutBytesAsync(markdownKey, Encoding.UTF8.GetBytes(ReportMarkdown.Write(report)), "text/markdown", context.CancellationToken);
        }
        await context.Publish(new EvaluationReported
        {
            EvaluationId = plan.Id,
            ReportKey = jsonKey,
            MarkdownKey = markdownKey,
            Score = report.Overall.Score,
            BaseScore = report.BaseOverall?.Score,
            ErrorRate = report.Overall.ErrorRate,
        });
    }
}
