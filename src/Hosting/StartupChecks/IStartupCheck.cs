namespace InstructLab.Aspire.Hosting.StartupChecks;

/// <summary>
/// Something a service must be able to reach or do before it serves: checked once at start, before the message bus
/// and the endpoints start, with a deadline, so a bad setting fails fast with its name instead of hanging.
/// </summary>
public interface IStartupCheck
{
    /// <summary>The resource checked, e.g. <c>messaging</c>.</summary>
    string Resource { get; }

    /// <summary>The setting to fix when the check fails, e.g. <c>ConnectionStrings:messaging</c>.</summary>
    string Setting { get; }

    /// <summary>Runs the check; returns a short description of what was found, throws with the reason otherwise.</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
