using System.Net;
using System.Net.Sockets;

namespace InstructLab.Aspire.Contracts.Security;

/// <summary>
/// The one policy for URLs the suite calls on a request's behalf (teacher, judge, model under test, tokenizer, model
/// downloads): http or https only; never a link-local or cloud-metadata address (169.254.0.0/16, fe80::/10, AWS's fd00:ec2::254,
/// Alibaba's 100.100.100.200, Azure's 168.63.129.16, metadata.google.internal), checked on the URL and again on the
/// address each connection goes to (a name that resolves there later is refused too); optionally only the hosts of
/// an allow-list (<c>Security:OutboundHosts</c>). Loopback and private networks stay allowed: local model servers
/// live there.
/// </summary>
public static class OutboundUrls
{
    /// <summary>The setting of the optional allow-list of hosts.</summary>
    public const string AllowListSetting = "Security:OutboundHosts";

    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata.goog", "metadata"];

    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("100.100.100.200"), IPAddress.Parse("168.63.129.16"), IPAddress.Parse("fd00:ec2::254")];

    /// <summary>The URL, checked; throws <see cref="ArgumentException"/> naming <paramref name="what"/> and what is allowed.</summary>
    public static Uri Check(string url, string what, IReadOnlyCollection<string>? allowedHosts = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{what} '{Redact(url)}' is not an absolute http(s) URL");
        }
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (MetadataHosts.Contains(host) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsForbidden(address)))
        {
            throw new ArgumentException($"{what} '{Redact(url)}' points at a link-local or cloud-metadata address, which the suite never calls");
        }
        if (allowedHosts is { Count: > 0 } && !allowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{what}: the host '{host}' is not in {AllowListSetting} ({string.Join(", ", allowedHosts)})");
        }
        return uri;
    }

    /// <summary>Link-local (IPv4 and IPv6, the metadata service's 169.254.169.254 among them) and known metadata addresses.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 169 && bytes[1] == 254)
            {
                return true;
            }
        }
        return address.IsIPv6LinkLocal || MetadataAddresses.Contains(address);
    }

    /// <summary>A handler whose connections are made only to allowed addresses, whatever a name resolves to when connecting.</summary>
    public static SocketsHttpHandler Guarded(SocketsHttpHandler handler)
    {
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
            var allowed = addresses.Where(a => !IsForbidden(a)).ToList();
            if (allowed.Count == 0)
            {
                throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to link-local or cloud-metadata addresses, which the suite never calls");
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
    }

    /// <summary>
    /// A URL as plans, cards, messages, logs and traces may hold it: no user information (<c>user:password@</c>), no
    /// query (<c>?key=…</c>), no fragment. The suite's clients never send those parts anyway: keys go in
    /// <c>api_key</c> fields.
    /// </summary>
    public static string Redact(string url) => Redaction.Url(url);
}
