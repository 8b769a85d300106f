namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// An endpoint's answer. <see cref="Structured"/> says the endpoint enforced the call's schema;
/// <see cref="FromCache"/> that no request was made.
/// </summary>
public sealed record ChatAnswer(string Content, int PromptTokens, int CompletionTokens, bool Structured, bool FromCache = false);
