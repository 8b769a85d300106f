using Google.Protobuf.WellKnownTypes;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Training.Api.Cycles;

/// <summary>A cycle's state as the API shows it.</summary>
public static class CycleViews
{
    public static bool HasEnded(CycleSaga cycle) => cycle.CurrentState is "Completed" or "Failed" or "Cancelled";

    public static Cycle ToProto(CycleSaga cycle)
    {
        var view = new Cycle
        {
            Id = cycle.CorrelationId.ToString(),
            Name = cycle.Name,
            State = cycle.CurrentState switch
            {
                "Generating" => CycleState.Generating,
                "Training" => CycleState.Training,
                "Evaluating" => CycleState.Evaluating,
                "Reporting" => CycleState.Reporting,
                "Completed" => CycleState.Completed,
                "Failed" => CycleState.Failed,
                "Cancelled" => CycleState.Cancelled,
                _ => CycleState.Unspecified,
            },
            Taxonomy = cycle.Taxonomy,
            Base = cycle.Base,
            Student = cycle.Student,
            OutputModelId = cycle.OutputModelId,
            ModelVersion = cycle.ModelVersion,
            GenerationJobId = cycle.GenerationJobId.ToString(),
            TrainingJobId = cycle.TrainingJobId?.ToString() ?? "",
            EvaluationIds = { cycle.EvaluationIds.Select(id => id.ToString()) },
            ReplayDataset = cycle.ReplayDataset ?? "",
            Stages =
            {
                cycle.Stages.Select(s => new CycleStageTime
                {
                    Stage = s.Stage,
                    StartedAt = Timestamp.FromDateTimeOffset(s.StartedAt),
                    EndedAt = s.EndedAt is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
                }),
            },
            SubmittedAt = Timestamp.FromDateTimeOffset(cycle.SubmittedAt),
            Error = cycle.Error ?? "",
        };
        if (cycle.FinishedAt is { } finished)
        {
            view.FinishedAt = Timestamp.FromDateTimeOffset(finished);
        }
        if (cycle.ReportKey is { } report)
        {
            view.ReportKey = report;
            view.ReportMarkdownKey = CycleKeys.ReportMarkdown(cycle.CorrelationId);
        }
        return view;
    }
}
