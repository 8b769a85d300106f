using System.Globalization;
using System.Security.Cryptography;
using InstructLab.Aspire.Hosting.Listening;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Reports;

/// <summary>
/// Signed links to a job's training report: <c>/jobs/ID/report?expires=UNIX&amp;signature=HMAC</c>. A link opens in a
/// browser (from the dashboard's logs, a trace, <c>lab train show</c>) without a key, and only for that job and until it
/// expires; the signature is an HMAC-SHA256 of job and expiry under <see cref="ReportLinkOptions.SigningKey"/>.
/// </summary>
public sealed class ReportLinks
{
    private readonly byte[] key;
    private readonly Uri? publicUrl;
    private readonly ListeningEndpoints endpoints;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider clock;

    public ReportLinks(IOptions<TrainingOptions> options, ListeningEndpoints endpoints, TimeProvider clock, ILogger<ReportLinks> logger)
    {
        var reports = options.Value.Reports;
        this.clock = clock;
        lifetime = reports.LinkLifetime;
        key = reports.SigningKey.Length > 0 ? System.Text.Encoding.UTF8.GetBytes(reports.SigningKey) : RandomNumberGenerator.GetBytes(32);
        if (reports.SigningKey.Length == 0)
        {
            logger.LogWarning("Training:Reports:SigningKey is not set: report links are signed with a key of this process, and other instances refuse them");
        }
        this.endpoints = endpoints;
        publicUrl = reports.PublicUrl.Length > 0 ? new Uri(reports.PublicUrl.TrimEnd('/') + "/") : null;
    }

    /// <summary>Training:Reports:PublicUrl, else this instance's http endpoint as bound.</summary>
    private Uri BaseUrl => publicUrl ?? endpoints.Address("http") ?? new Uri("http://localhost:5140/");

    /// <summary>The report page of <paramref name="job"/>, good for <see cref="ReportLinkOptions.LinkLifetime"/> from now (rounded up to the hour).</summary>
    public Uri For(Guid job)
    {
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        expires += 3600 - expires % 3600;
        return new Uri(BaseUrl, $"jobs/{job:N}/report?{Query(job, expires)}");
    }

    /// <summary>The query that signs links of <paramref name="job"/> until <paramref name="expires"/> (Unix seconds).</summary>
    public string Query(Guid job, long expires) =>
        $"expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Convert.ToHexStringLower(Sign(job, expires))}";

    /// <summary>Whether the link's query was signed here for this job and has not expired (compared in constant time).</summary>
    public bool IsValid(Guid job, string? expires, string? signature)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until) || until < clock.GetUtcNow().ToUnixTimeSeconds()
            || signature is not { Length: 64 })
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, Sign(job, until));
    }

    private byte[] Sign(Guid job, long expires) =>
        HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"training-report\n{job:N}\n{expires}")));
}
