using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace InstructLab.Aspire.Cli.Config;

/// <summary>
/// lab's configuration file, <c>~/.config/instructlab-aspire/config.yaml</c> (<c>$XDG_CONFIG_HOME</c> respected,
/// <c>LAB_CONFIG</c> names another): defaults for options, as ilab's config.yaml. A flag wins, then an option's
/// <c>LAB_*</c> variable where it has one, then this file, then lab's own default. Read when an option needs it.
/// </summary>
internal static class LabConfig
{
    public const string EnvironmentVariable = "LAB_CONFIG";

    private static readonly AsyncLocal<string?> PathOverride = new();

    /// <summary>The file lab reads (which need not exist).</summary>
    public static string FilePath
    {
        get
        {
            if (PathOverride.Value is { } used)
            {
                return used;
            }
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } set)
            {
                return Path.GetFullPath(set);
            }
            var folder = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(folder, "instructlab-aspire", "config.yaml");
        }
    }

    /// <summary>Reads another file for the calls made in this async flow (tests).</summary>
    public static IDisposable Use(string path)
    {
        var before = PathOverride.Value;
        PathOverride.Value = path;
        return new Restore(() => PathOverride.Value = before);
    }

    /// <summary>The file's value of <paramref name="key"/>, else lab's default for it; throws <see cref="LabException"/> for a file that cannot be read.</summary>
    public static string Value(ConfigKey key) => Read().GetValueOrDefault(key.Key) ?? key.Default;

    /// <summary>A path, with a leading <c>~</c> as the home folder.</summary>
    public static string PathValue(ConfigKey key) => Value(key) is ['~', .. var rest] && (rest.Length == 0 || rest[0] == '/')
        ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + rest
        : Value(key);

    /// <summary>The value, or null where it is empty (the service decides).</summary>
    public static string? Optional(ConfigKey key) => Value(key) is { Length: > 0 } value ? value : null;

    /// <summary>A whole number; 0 where the key is empty (the service decides).</summary>
    public static int Number(ConfigKey key)
    {
        var value = Value(key);
        if (value.Length == 0)
        {
            return 0;
        }
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new LabException($"{FilePath}: {key.Key} must be a whole number of 0 or more, not '{value}'");
    }

    /// <summary>The keys the file sets, checked: YAML that cannot be read or a key lab does not know names the file and line.</summary>
    public static IReadOnlyDictionary<string, string> Read()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
            {
                Flatten(stream.Documents[0].RootNode, "", values, path);
            }
        }
        catch (YamlException e)
        {
            throw new LabException($"{path}:{e.Start.Line}:{e.Start.Column}: not YAML lab can read: {e.Message}");
        }
        catch (IOException e)
        {
            throw new LabException($"{path}: {e.Message}");
        }
        return values;
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string> values, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            foreach (var (keyNode, child) in mapping.Children)
            {
                var key = prefix.Length > 0 ? $"{prefix}.{((YamlScalarNode)keyNode).Value}" : ((YamlScalarNode)keyNode).Value ?? "";
                Flatten(child, key, values, path);
            }
            return;
        }
        if (node is YamlScalarNode { Value: null or "" } && ConfigKeys.All.Any(k => k.Key.StartsWith(prefix + ".", StringComparison.Ordinal)))
        {
            // A group whose keys are all commented out, as lab config init writes some.
            return;
        }
        if (node is not YamlScalarNode scalar || ConfigKeys.All.All(k => k.Key != prefix))
        {
            throw new LabException($"{path}:{node.Start.Line}: '{prefix}' is not a key lab knows; the keys are {string.Join(", ", ConfigKeys.All.Select(k => k.Key))} (lab config show lists them)");
        }
        values[prefix] = scalar.Value ?? "";
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
