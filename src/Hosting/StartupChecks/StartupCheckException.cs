namespace InstructLab.Aspire.Hosting.StartupChecks;

/// <summary>One or more start-up checks failed; the message names each resource, its setting and the reason.</summary>
public sealed class StartupCheckException(string message) : Exception(message);
