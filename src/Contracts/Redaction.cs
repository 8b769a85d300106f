namespace InstructLab.Aspire.Contracts;

/// <summary>
/// The one redaction of the suite: how a URL (a teacher, a judge, a model download, a git source) may appear in a log
/// line, span, error, bus message, plan or card: without user information (<c>user:password@</c>), query
/// (<c>?key=…</c>) or fragment.
/// </summary>
public static class Redaction
{
    /// <summary>The URL without its secrets; text that is not a URL keeps everything before a <c>?</c> or <c>#</c>.</summary>
    public static string Url(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.GetLeftPart(UriPartial.Path);
        }
        var text = url.Split('?', '#')[0];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.LastIndexOf('@');
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + text[(at + 1)..] : text;
    }
}
