namespace InstructLab.Aspire.ChatClients;

/// <summary>When a call's schema is sent to the endpoint as <c>response_format: json_schema</c>.</summary>
public enum StructuredOutputMode
{
    /// <summary>Ask the endpoint once whether it enforces a schema, then use it when it does.</summary>
    Auto,

    /// <summary>Always send the schema; an endpoint that refuses it fails the call.</summary>
    Always,

    /// <summary>Never send it: the answer is parsed from text.</summary>
    Never,
}
