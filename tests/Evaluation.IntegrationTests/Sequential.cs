namespace InstructLab.Aspire.Evaluations.IntegrationTests;

/// <summary>Tests that kill an instance or compare everything stored run alone, after the others.</summary>
[CollectionDefinition(nameof(Sequential), DisableParallelization = true)]
public sealed class Sequential;
