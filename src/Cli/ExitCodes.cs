namespace InstructLab.Aspire.Cli;

/// <summary>What lab's exit code means.</summary>
public static class ExitCodes
{
    /// <summary>Done, everything as expected.</summary>
    public const int Ok = 0;

    /// <summary>Done, but the answer is negative: a service is unhealthy, a file is invalid.</summary>
    public const int Failed = 1;

    /// <summary>Wrong usage, or the suite cannot be found or reached.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C or SIGTERM after saving its state (lab model train resumes from it).</summary>
    public const int Interrupted = 130;
}
