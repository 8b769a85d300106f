using MassTransit;

namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>A failed command as a job's error names it: the exception's type and message, without a stack trace.</summary>
public static class Faults
{
    public static string Describe<T>(Fault<T> fault) where T : class =>
        fault.Exceptions.FirstOrDefault() is { } e ? $"{e.ExceptionType.Split('.').Last()}: {e.Message}" : "unknown error";
}
