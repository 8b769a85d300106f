namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>Tests whose listeners see the whole process: run after the others, alone.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;
