using System.Net;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Security;

namespace InstructLab.Aspire.Generation.UnitTests;

/// <summary>URLs the suite calls for a request: http(s) only, never link-local or cloud-metadata, optionally an allow-list.</summary>
public sealed class OutboundUrlTests
{
    [Theory]
    [InlineData("file:///etc/passwd", "is not an absolute http(s) URL")]
    [InlineData("gopher://example.com/", "is not an absolute http(s) URL")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "points at a link-local or cloud-metadata address")]
    [InlineData("http://[fe80::1]:8000/v1", "points at a link-local or cloud-metadata address")]
    [InlineData("http://[::ffff:169.254.169.254]/", "points at a link-local or cloud-metadata address")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "points at a link-local or cloud-metadata address")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "points at a link-local or cloud-metadata address")]
    public void ForbiddenUrlsAreRefusedNamingTheField(string url, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => OutboundUrls.Check(url, "teacher.url"));

        Assert.StartsWith("teacher.url '", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1")]
    [InlineData("https://api.example.com/v1")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://[::1]:9000/")]
    public void LocalAndPublicEndpointsAreAllowed(string url) =>
        Assert.Equal(new Uri(url), OutboundUrls.Check(url, "judge.url"));

    [Fact]
    public void WithAnAllowListOnlyItsHostsPass()
    {
        string[] allowed = ["api.example.com", "127.0.0.1"];

        Assert.Equal("api.example.com", OutboundUrls.Check("https://API.example.com/v1", "judge.url", allowed).Host.ToLowerInvariant());
        var error = Assert.Throws<ArgumentException>(() => OutboundUrls.Check("https://other.example.org/v1", "judge.url", allowed));
        Assert.Equal("judge.url: the host 'other.example.org' is not in Security:OutboundHosts (api.example.com, 127.0.0.1)", error.Message);
    }

    [Fact]
    public void ConnectionsToForbiddenAddressesAreRefusedWhateverTheNameResolvesTo()
    {
        Assert.True(OutboundUrls.IsForbidden(IPAddress.Parse("169.254.1.2")));
        Assert.True(OutboundUrls.IsForbidden(IPAddress.Parse("fd00:ec2::254")));
        Assert.False(OutboundUrls.IsForbidden(IPAddress.Loopback));
        Assert.False(OutboundUrls.IsForbidden(IPAddress.Parse("192.168.1.10")));
    }

    [Fact]
    public async Task AGuardedClientDoesNotConnectToALinkLocalAddress()
    {
        using var client = new HttpClient(OutboundUrls.Guarded(new SocketsHttpHandler()));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://169.254.169.254/latest/meta-data/", TestContext.Current.CancellationToken));

        Assert.Contains("resolves only to link-local or cloud-metadata addresses", error.Message);
    }

    [Theory]
    [InlineData("http://user:pw@host:8000/v1?key=abc#frag", "http://host:8000/v1")]
    [InlineData("https://api.example.com/v1", "https://api.example.com/v1")]
    [InlineData("not a url user:pw@x?key=1", "not a url user:pw@x")]
    [InlineData("ftp://user:pw@host/path?key=1", "ftp://host/path")]
    public void RedactionDropsUserInformationQueryAndFragment(string url, string redacted)
    {
        Assert.Equal(redacted, OutboundUrls.Redact(url));
        if (url.StartsWith("http", StringComparison.Ordinal))
        {
            Assert.Equal(redacted, new ChatEndpointOptions { Url = new Uri(url) }.DisplayUrl);
        }
    }
}
