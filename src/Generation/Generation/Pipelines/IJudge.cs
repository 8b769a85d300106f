using InstructLab.Aspire.Judging;

namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>What judge blocks call: the judging service in the suite, a <see cref="RubricJudge"/> in process elsewhere.</summary>
public interface IJudge
{
    /// <summary>One judgment per input, in the order of the inputs.</summary>
    Task<IReadOnlyList<Judgment>> JudgeAsync(string rubric, IReadOnlyList<JudgeInput> inputs, CancellationToken cancellationToken);
}
