using InstructLab.Aspire.Contracts;

namespace InstructLab.Aspire.Hosting.Connections;

/// <summary>The RabbitMQ address from <c>ConnectionStrings:messaging</c>, checked once at start-up.</summary>
public sealed record MessagingConnection(Uri Uri)
{
    /// <summary>host:port/vhost, without credentials.</summary>
    public string Endpoint => $"{Uri.Host}:{Uri.Port}{Uri.AbsolutePath}";

    public static MessagingConnection FromConnectionString(string? connectionString)
    {
        const string setting = $"ConnectionStrings:{ResourceNames.Messaging}";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{setting} is not set; expected amqp://user:password@host:port/ (the AppHost provides it).");
        }
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException($"{setting} is not an amqp:// or amqps:// URL.");
        }
        return new MessagingConnection(uri);
    }
}
