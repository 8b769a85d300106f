namespace InstructLab.Aspire.Training;

/// <summary>Which phases run: InstructLab's <c>lab-multiphase</c> (knowledge, then skills), or one of them.</summary>
public enum TrainingStrategy
{
    LabMultiphase,
    KnowledgeOnly,
    SkillsOnly,
}

/// <summary>How an optimizer step's loss is normalised.</summary>
public enum LossReduction
{
    /// <summary>The sum of the step's token losses ÷ the labelled tokens of the whole step (the default).</summary>
    Step,

    /// <summary>InstructLab 0.10: each micro-batch's mean token loss, averaged over the step's micro-batches.</summary>
    MicroBatch,
}
