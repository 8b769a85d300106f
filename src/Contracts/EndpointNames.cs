namespace InstructLab.Aspire.Contracts;

/// <summary>Names of the endpoints every service host exposes.</summary>
public static class EndpointNames
{
    /// <summary>HTTP/1.1 and HTTP/2: health probes, serving's OpenAI API, JSON endpoints.</summary>
    public const string Http = "http";

    /// <summary>HTTP/2 only (plain-text gRPC cannot share an endpoint with HTTP/1.1).</summary>
    public const string Grpc = "grpc";
}
