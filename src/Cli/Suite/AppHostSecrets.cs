using System.Text.Json.Nodes;

namespace InstructLab.Aspire.Cli.Suite;

/// <summary>
/// The keys the AppHost generated on its first run and keeps in its user secrets (<c>Parameters:NAME</c>): lab uses
/// them for the suite on this machine without the user copying them anywhere.
/// </summary>
internal static class AppHostSecrets
{
    public const string UserSecretsId = "instructlab-aspire-apphost";

    /// <summary>The suite's API key for its gRPC services: <c>LAB_SUITE_API_KEY</c>, else the AppHost's <c>suite-api-key</c>.</summary>
    public static string? SuiteApiKey() =>
        Environment.GetEnvironmentVariable("LAB_SUITE_API_KEY") is { Length: > 0 } key ? key : Parameter(Contracts.Security.SuiteApiKey.ParameterName);

    /// <summary>A generated parameter's value, or null when the AppHost has not run here (or its secrets cannot be read).</summary>
    public static string? Parameter(string name)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = Path.Combine(home, ".microsoft", "usersecrets", UserSecretsId, "secrets.json");
        try
        {
            return File.Exists(path) ? (string?)JsonNode.Parse(File.ReadAllText(path))?[$"Parameters:{name}"] : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
