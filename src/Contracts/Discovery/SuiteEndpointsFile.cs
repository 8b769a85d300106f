using System.Text.Json;

namespace InstructLab.Aspire.Contracts.Discovery;

/// <summary>
/// Where a running AppHost publishes <see cref="SuiteEndpoints"/> and the lab CLI reads them:
/// <c>$LAB_ENDPOINTS_FILE</c>, else <c>$XDG_CONFIG_HOME/instructlab-aspire/endpoints.json</c>
/// (<c>~/.config/…</c> when XDG_CONFIG_HOME is unset).
/// </summary>
public static class SuiteEndpointsFile
{
    /// <summary>Overrides the file's location for the CLI (the AppHost's setting is <c>Suite:EndpointsFile</c>).</summary>
    public const string EnvironmentVariable = "LAB_ENDPOINTS_FILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The location used when nothing overrides it.</summary>
    public static string DefaultPath
    {
        get
        {
            var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(configHome))
            {
                configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }
            return Path.Combine(configHome, "instructlab-aspire", "endpoints.json");
        }
    }

    /// <summary>Writes the file atomically (readers never see half of it), readable by this user only.</summary>
    public static void Write(string path, SuiteEndpoints endpoints)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = $"{path}.{Environment.ProcessId}.partial";
        File.WriteAllBytes(partial, JsonSerializer.SerializeToUtf8Bytes(endpoints, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(partial, path, overwrite: true);
    }

    /// <summary>Reads the file; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid endpoints file.</exception>
    public static SuiteEndpoints? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<SuiteEndpoints>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path} holds JSON null, not suite endpoints.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid suite endpoints file: {e.Message}", e);
        }
    }
}
