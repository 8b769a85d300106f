namespace InstructLab.Aspire.Cli;

/// <summary>A failure to report to the user as one clear message, with the exit code it maps to.</summary>
internal sealed class LabException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
