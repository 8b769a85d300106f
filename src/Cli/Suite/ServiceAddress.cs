namespace InstructLab.Aspire.Cli.Suite;

/// <summary>Where lab talks to one service (gRPC for the four gRPC services, HTTP for serving) and how it found out.</summary>
internal sealed record ServiceAddress(string Service, Uri Url, string Source);
