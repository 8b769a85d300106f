using System.Data.Common;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.Artifacts;

/// <summary>
/// Where the artifact store is and how to sign in. Usually read from a connection string
/// <c>Endpoint=http://127.0.0.1:9000;AccessKey=…;SecretKey=…[;Bucket=…][;Region=…]</c>.
/// </summary>
public sealed partial class ArtifactStoreOptions
{
    /// <summary>The bucket used when none is configured.</summary>
    public const string DefaultBucket = "instructlab";

    private static readonly string[] ConnectionStringKeys = ["Endpoint", "AccessKey", "SecretKey", "Bucket", "Region"];

    /// <summary>Base URL of the S3 server (http or https).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>S3 access key id.</summary>
    public string? AccessKey { get; set; }

    /// <summary>S3 secret key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The one bucket the suite keeps its objects in; created on start.</summary>
    public string Bucket { get; set; } = DefaultBucket;

    /// <summary>S3 region; servers other than AWS ignore it.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// Reads a connection string into these options. Keys are case-insensitive; an unknown key is an error that
    /// names the allowed ones.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="source">Where it came from, for error messages (e.g. <c>ConnectionStrings:artifacts</c>).</param>
    public void ApplyConnectionString(string connectionString, string source)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in parts.Keys)
        {
            var value = parts[key]?.ToString() ?? "";
            switch (key.ToLowerInvariant())
            {
                case "endpoint":
                    Endpoint = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                        ? uri
                        : throw new InvalidOperationException($"{source}: Endpoint '{value}' is not an http:// or https:// URL.");
                    break;
                case "accesskey": AccessKey = value; break;
                case "secretkey": SecretKey = value; break;
                case "bucket": Bucket = value; break;
                case "region": Region = value; break;
                default:
                    throw new InvalidOperationException(
                        $"{source}: unknown key '{key}'; allowed keys are {string.Join(", ", ConnectionStringKeys)}.");
            }
        }
    }

    /// <summary>Throws with a message naming <paramref name="source"/> and the setting when something is missing or wrong.</summary>
    public void Validate(string source)
    {
        if (Endpoint is null)
        {
            throw new InvalidOperationException($"{source}: no Endpoint; expected Endpoint=http://host:port;AccessKey=…;SecretKey=….");
        }
        if (string.IsNullOrEmpty(AccessKey) || string.IsNullOrEmpty(SecretKey))
        {
            throw new InvalidOperationException($"{source}: AccessKey and SecretKey are both required.");
        }
        if (!BucketName().IsMatch(Bucket))
        {
            throw new InvalidOperationException(
                $"{source}: Bucket '{Bucket}' is not a valid S3 bucket name (3-63 characters: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit).");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
