namespace InstructLab.Aspire.ChatClients;

/// <summary>One message of a chat request: <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
public sealed record ChatTurn(string Role, string Content)
{
    public static ChatTurn System(string content) => new("system", content);

    public static ChatTurn User(string content) => new("user", content);
}
