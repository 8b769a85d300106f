using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>One JSON-schema rule an instance breaks: where (JSON pointer), which keyword, and the keyword's value.</summary>
internal sealed record SchemaViolation(string Pointer, string Keyword, JsonNode? Expected, string? Name = null, int First = -1, int Second = -1);
