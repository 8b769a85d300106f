namespace InstructLab.Aspire.Evaluations;

/// <summary>Bad input to an evaluation: names the field or the file and line, and what is allowed.</summary>
public sealed class EvaluationDataException(string where, string problem) : Exception($"{where}: {problem}")
{
    public static EvaluationDataException At(string file, int line, string problem) => new($"{file}:{line}", problem);
}
