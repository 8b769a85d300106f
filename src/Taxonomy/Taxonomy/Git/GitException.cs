namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>A git command failed; the message has the command, the folder and git's own words.</summary>
public sealed class GitException(string message) : Exception(message);
