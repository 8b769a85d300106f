namespace InstructLab.Aspire.Artifacts;

/// <summary>An object (or, in a non-recursive listing, a folder) in the artifact store.</summary>
/// <param name="Key">The object's key; a folder's key ends with <c>/</c>.</param>
/// <param name="Size">Size in bytes (0 for folders).</param>
/// <param name="LastModified">When the object was last written, when the server says.</param>
/// <param name="ETag">The server's entity tag, without quotes; multipart uploads end in <c>-&lt;parts&gt;</c>.</param>
/// <param name="IsFolder">True for a common prefix in a non-recursive listing.</param>
public sealed record ArtifactInfo(string Key, long Size, DateTimeOffset? LastModified, string? ETag, bool IsFolder = false);
