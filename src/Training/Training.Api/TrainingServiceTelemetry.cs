using System.Diagnostics;

namespace InstructLab.Aspire.Training.Api;

/// <summary>The training service's own spans (a segment of a job's work); the engine's phases and epochs nest below.</summary>
public static class TrainingServiceTelemetry
{
    public static readonly ActivitySource Source = new("InstructLab.Aspire.Training.Service");
}
