namespace InstructLab.Aspire.Serving.Api;

/// <summary>A request the server refuses, answered in OpenAI's error envelope with <see cref="Status"/>.</summary>
public sealed class ServingException(int status, string message, string type = ServingException.InvalidRequest, string? param = null, string? code = null)
    : Exception(message)
{
    public const string InvalidRequest = "invalid_request_error";

    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Seconds a client should wait before retrying (429/503).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ServingException BadRequest(string message, string? param = null, string? code = null) => new(400, message, InvalidRequest, param, code);

    public static ServingException ModelNotFound(string model, IEnumerable<string> known) =>
        new(404, $"The model '{model}' does not exist; this server has: {string.Join(", ", known.DefaultIfEmpty("(none)"))}.", InvalidRequest, "model", "model_not_found");

    public static ServingException ContextLengthExceeded(string message) => new(400, message, InvalidRequest, "messages", "context_length_exceeded");

    public static ServingException Overloaded(string message) => new(429, message, "rate_limit_error", null, "server_overloaded") { RetryAfterSeconds = 1 };

    public static ServingException Unavailable(string message) => new(503, message, "server_error", null, "model_loading") { RetryAfterSeconds = 2 };
}
