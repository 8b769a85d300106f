using System.Net;
using System.Text.RegularExpressions;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Api;
using InstructLab.Aspire.Training.Api.Reports;
using InstructLab.Aspire.Hosting.Listening;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>
/// A completed job's report link: the page (the report's tables and its loss-curve image) opens without a key on
/// either instance, and a link that is tampered with, made for another job or expired is refused.
/// </summary>
public sealed class ReportLinkTests(TrainingStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACompletedJobsReportOpensFromItsSignedLinkOnEveryInstanceAndNothingElseOpensIt()
    {
        using var http = new HttpClient();
        var submitted = await stack.Client.SubmitJobAsync(await Jobs.RequestAsync(stack, "report-student", samples: 8, epochs: 1), cancellationToken: Cancel);
        Assert.Equal("", submitted.ReportUrl);
        var links = Links(stack.TrainingHttpUrl(0));
        // Signed right, but nothing to show yet.
        var early = await http.GetAsync(links.For(Guid.Parse(submitted.Id)), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        Assert.Matches($"Training job {submitted.Id} is (queued|running): its report is written when it completes", await early.Content.ReadAsStringAsync(Cancel));

        var job = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(3));
        Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
        var url = new Uri(job.ReportUrl);
        Assert.Equal(stack.TrainingHttpUrl(0).Authority, url.Authority);
        Assert.Equal($"/jobs/{Guid.Parse(job.Id):N}/report", url.AbsolutePath);

        var page = await http.GetAsync(url, Cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("<h1>report-student: training report</h1>", html);
        Assert.Contains("<th>final loss</th>", html);
        // The Markdown's image, served beside the page under the same signature: a PNG.
        var image = Regex.Match(html, "<img src=\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("report/curves.png?expires=", image);
        var png = await http.GetByteArrayAsync(new Uri(url, WebUtility.HtmlDecode(image)), Cancel);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        var markdown = await http.GetStringAsync(new Uri(url, "report/report.md" + url.Query), Cancel);
        Assert.StartsWith("# report-student: training report", markdown);

        // The other instance (same signing key) answers the same link: the files come from the artifact store.
        var other = new UriBuilder(url) { Port = stack.TrainingHttpUrl(1).Port }.Uri;
        Assert.Equal(html, await http.GetStringAsync(other, Cancel));

        // Refused: no signature, one changed character, another job's signature, an expired one.
        var id = Guid.Parse(job.Id);
        var signature = Regex.Match(url.Query, "signature=([0-9a-f]{64})").Groups[1].Value;
        var tampered = url.ToString().Replace(signature, (signature[0] == '0' ? "1" : "0") + signature[1..], StringComparison.Ordinal);
        var forAnother = new Uri(url, $"/jobs/{id:N}/report{links.For(Guid.NewGuid()).Query}");
        var expired = new Uri(url, $"/jobs/{id:N}/report?{links.Query(id, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds())}");
        foreach (var refused in new[] { new Uri(url.GetLeftPart(UriPartial.Path)), new Uri(tampered), forAnother, expired, new Uri(url, "report/curves.png") })
        {
            var answer = await http.GetAsync(refused, Cancel);
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{refused}: {answer.StatusCode}");
            Assert.Contains("is not signed by this suite or has expired: `lab train show", await answer.Content.ReadAsStringAsync(Cancel));
        }
        // Signed by this test with the suite's key and a later expiry: accepted (the key, not the service, makes a link).
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, $"/jobs/{id:N}/report?{links.Query(id, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds())}"), Cancel)).StatusCode);
    }

    [Fact]
    public void RawHtmlInAReportIsShownAsTextAndOnlyItsCurvesImageIsRewritten()
    {
        var html = ReportPage.Render("# <script>alert(1)</script>: training report\n\n![curves](m.training-curves.png) ![other](https://example.com/x.png)\n",
            "m.training-curves.png", "<b>title</b>", "expires=1&signature=ab");

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("<title>&lt;b&gt;title&lt;/b&gt;</title>", html);
        Assert.Contains("src=\"report/curves.png?expires=1&amp;signature=ab\"", html);
        // Another image keeps its address, and the page's policy (default-src 'none'; img-src 'self') keeps it from loading.
        Assert.Contains("src=\"https://example.com/x.png\"", html);
    }

    private ReportLinks Links(Uri publicUrl) => new(
        Options.Create(new TrainingOptions { Reports = { SigningKey = stack.ReportSigningKey, PublicUrl = publicUrl.ToString() } }),
        new ListeningEndpoints(new ConfigurationBuilder().Build()), TimeProvider.System, NullLogger<ReportLinks>.Instance);
}
