namespace InstructLab.Aspire.Training.Batching;

/// <summary>The micro-batches whose gradients one optimizer step accumulates, and what they hold.</summary>
public sealed record OptimizerStep(IReadOnlyList<MicroBatch> MicroBatches, int Samples, int Tokens, int LabelledTokens);
