using InstructLab.Aspire.Contracts.Messages.Training;
using MassTransit;

namespace InstructLab.Aspire.Training.Api.StateMachines;

/// <summary>
/// A training job as its state machine keeps it in Redis. The step-by-step progress and the checkpoint list are not
/// here (a write per step would contend with the state machine): the worker keeps them beside it (<see cref="Jobs.LiveProgress"/>).
/// </summary>
public sealed class TrainingJobSaga : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = "";

    public string Name { get; set; } = "";

    public string PlanKey { get; set; } = "";

    public string BaseModel { get; set; } = "";

    public string OutputModelId { get; set; } = "";

    public int ModelVersion { get; set; }

    public string Strategy { get; set; } = "";

    public List<TrainingPhasePlan> Phases { get; set; } = [];

    public List<string> Notices { get; set; } = [];

    public Guid? GenerationJobId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    /// <summary>The segment of work the job is at: the one running, or the next to run.</summary>
    public int Segment { get; set; }

    /// <summary>Segments a worker took up (a crash or restart adds one).</summary>
    public int Attempts { get; set; }

    /// <summary>The worker running the current segment; empty while the job waits for one.</summary>
    public string Worker { get; set; } = "";

    public PublishedModelKeys? Model { get; set; }

    /// <summary>The last phase's exported epoch-end checkpoints, while they are scored (with their scores once they are).</summary>
    public List<TrainingCandidate> Candidates { get; set; } = [];

    /// <summary>The evaluation service's evaluations scoring the candidates.</summary>
    public List<Guid> EvaluationIds { get; set; } = [];
}
