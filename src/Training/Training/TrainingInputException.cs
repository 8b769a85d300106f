namespace InstructLab.Aspire.Training;

/// <summary>
/// The request cannot be trained as given: a bad line (with file:line), an empty dataset, an option out of range, a
/// model the engine does not support. Nothing was written to the output path.
/// </summary>
public sealed class TrainingInputException(string message, Exception? inner = null) : Exception(message, inner);
