namespace InstructLab.Aspire.Hosting.Grpc;

/// <summary>
/// A submit's <c>request_id</c>: a UUID the caller chooses, which becomes the new job's id, so a repeated submit
/// (a retry after a lost answer, a redelivered message) finds the job instead of starting a second one.
/// </summary>
public static class RequestIds
{
    /// <summary>The id to give the job; null when the caller set none.</summary>
    public static Guid? Parse(string requestId) => requestId switch
    {
        "" => null,
        _ when Guid.TryParse(requestId, out var id) && id != Guid.Empty => id,
        _ => throw new ArgumentException($"request_id: '{Shorten(requestId)}' is not a UUID (or leave it empty)."),
    };

    /// <summary>A stable id for a job another job starts: the same parent and purpose always give the same id.</summary>
    public static Guid Derive(Guid parent, string purpose) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{parent:N}/{purpose}"))[..16]);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
