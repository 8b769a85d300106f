namespace InstructLab.Aspire.Contracts.Discovery;

/// <summary>The services of a running suite and where they listen, as the AppHost publishes them for the lab CLI.</summary>
public sealed record SuiteEndpoints
{
    /// <summary>The AppHost that wrote the file; the file is stale once that process is gone.</summary>
    public required int AppHostProcessId { get; init; }

    /// <summary>When the file was last written.</summary>
    public required DateTimeOffset WrittenAt { get; init; }

    /// <summary>Endpoints by service resource name (see <see cref="ResourceNames"/>).</summary>
    public required IReadOnlyDictionary<string, ServiceEndpoints> Services { get; init; }
}

/// <summary>The URLs of one service.</summary>
/// <param name="Http">The HTTP endpoint (health, JSON, serving's OpenAI API).</param>
/// <param name="Grpc">The HTTP/2-only gRPC endpoint, absent for serving.</param>
public sealed record ServiceEndpoints(string? Http, string? Grpc);
