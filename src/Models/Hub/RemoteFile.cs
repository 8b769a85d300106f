namespace InstructLab.Aspire.Hub;

/// <summary>A file to download: where its bytes are, and what the hub says about them.</summary>
/// <param name="Name">The file's name (the last part of its path in the repository, or of the URL).</param>
/// <param name="Source">What the user asked for (repository and file, or the URL), for messages.</param>
/// <param name="Url">Where the bytes are, redirects followed.</param>
/// <param name="Size">Bytes, when the hub says (X-Linked-Size, Content-Length).</param>
/// <param name="Sha256">Lowercase hex SHA-256, when the hub says (an LFS file's linked ETag) or the user gave it.</param>
public sealed record RemoteFile(string Name, string Source, Uri Url, long? Size, string? Sha256);
