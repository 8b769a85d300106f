namespace InstructLab.Aspire.Hub;

/// <summary>A download that cannot go on, said for people: what happened and what to do next.</summary>
public sealed class HubException(string message, Exception? inner = null) : Exception(message, inner);
