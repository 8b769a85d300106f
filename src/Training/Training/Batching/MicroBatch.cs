namespace InstructLab.Aspire.Training.Batching;

/// <summary>Samples (indices into the phase's data) run through the model together, right-padded to the longest.</summary>
public sealed record MicroBatch(int[] Samples, int PaddedLength)
{
    public int PaddedTokens => Samples.Length * PaddedLength;
}
