namespace InstructLab.Aspire.Artifacts;

/// <summary>The artifact store could not do what was asked; the message says what and where.</summary>
public class ArtifactStoreException(string message, Exception? inner = null) : Exception(message, inner);
