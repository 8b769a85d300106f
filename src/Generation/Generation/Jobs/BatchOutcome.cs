using InstructLab.Aspire.Contracts.Messages.Generation;

namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>A batch's result key, input rows and counters; <see cref="Reused"/> when an earlier run had made them.</summary>
public sealed record BatchOutcome(string ResultKey, int Rows, GenerationStatistics Statistics, bool Reused);
