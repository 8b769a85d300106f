using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Cli.Config;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab config init|show|edit</c>: lab's configuration file, the defaults of its options.</summary>
internal static class ConfigCommands
{
    private static readonly Option<bool> Force = new("--force") { Description = "Replace an existing file." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    public static Command Create(IAnsiConsole console)
    {
        var config = new Command("config", "lab's configuration file: defaults for the taxonomy, models, generation and training options.");
        var init = new Command("init", "Write a configuration file with every key and lab's defaults (commented where the service decides).");
        init.Options.Add(Force);
        init.SetAction((parseResult, _) => CommandRunner.RunAsync(console, () =>
        {
            var path = LabConfig.FilePath;
            if (File.Exists(path) && !parseResult.GetValue(Force))
            {
                throw new LabException($"{path} exists; lab config edit changes it, --force replaces it");
            }
            Write(path, Template());
            console.MarkupLine($"Wrote {Markup.Escape(path)}; lab config edit opens it, lab config show lists what lab uses.");
            return Task.FromResult(ExitCodes.Ok);
        }));
        var show = new Command("show", "List every key with the value lab uses and where it comes from.");
        show.Options.Add(Json);
        show.SetAction((parseResult, _) => CommandRunner.RunAsync(console, () =>
        {
            var path = LabConfig.FilePath;
            var file = LabConfig.Read();
            if (parseResult.GetValue(Json))
            {
                var keys = new JsonObject();
                foreach (var key in ConfigKeys.All)
                {
                    keys[key.Key] = new JsonObject { ["value"] = LabConfig.Value(key), ["source"] = file.ContainsKey(key.Key) ? "file" : "default", ["options"] = key.Options };
                }
                console.Profile.Out.Writer.WriteLine(new JsonObject { ["file"] = path, ["exists"] = File.Exists(path), ["keys"] = keys }.ToJsonString(new() { WriteIndented = true }));
                return Task.FromResult(ExitCodes.Ok);
            }
            console.MarkupLine(Markup.Escape($"{path}{(File.Exists(path) ? "" : " (not there: lab's defaults; lab config init writes it)")}"));
            var table = new Table().Border(TableBorder.Rounded).AddColumns("key", "value", "from");
            foreach (var key in ConfigKeys.All)
            {
                table.AddRow(Markup.Escape(key.Key), LabConfig.Value(key) is { Length: > 0 } value ? Markup.Escape(value) : "[grey](unset)[/]",
                    file.ContainsKey(key.Key) ? "file" : "default");
            }
            console.Write(table);
            console.MarkupLine("[grey]What each key stands in for: the comments lab config init writes, or lab config show --json.[/]");
            return Task.FromResult(ExitCodes.Ok);
        }));
        var edit = new Command("edit", "Open the configuration file in $VISUAL or $EDITOR (written first when there is none), then check it.");
        edit.SetAction((_, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var path = LabConfig.FilePath;
            if (!File.Exists(path))
            {
                Write(path, Template());
            }
            var editor = Environment.GetEnvironmentVariable("VISUAL") is { Length: > 0 } visual ? visual
                : Environment.GetEnvironmentVariable("EDITOR") is { Length: > 0 } set ? set : "sensible-editor";
            try
            {
                using var process = Process.Start(new ProcessStartInfo(editor) { ArgumentList = { path } })
                    ?? throw new LabException($"could not start the editor '{editor}'");
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new LabException($"could not start the editor '{editor}' ({e.Message}); set EDITOR, or edit {path} yourself");
            }
            LabConfig.Read();
            console.MarkupLine(Markup.Escape($"{path} is valid; lab config show lists what lab uses."));
            return ExitCodes.Ok;
        }));
        config.Subcommands.Add(init);
        config.Subcommands.Add(show);
        config.Subcommands.Add(edit);
        return config;
    }

    /// <summary>Every key grouped as YAML, with lab's default; keys the service decides are commented out.</summary>
    private static string Template()
    {
        var text = new StringBuilder();
        text.AppendLine("# lab's configuration: defaults for options. A flag wins, then an option's LAB_* variable, then this file, then lab's default.");
        text.AppendLine("# Keys: lab config show. Secrets (API keys) do not belong here: lab finds the suite's keys itself.");
        foreach (var group in ConfigKeys.All.GroupBy(k => k.Key.Split('.')[0]))
        {
            text.AppendLine($"{group.Key}:");
            foreach (var key in group)
            {
                var name = key.Key.Split('.')[1];
                text.AppendLine($"  # {key.Options}");
                text.AppendLine(key.Default.Length > 0 ? $"  {name}: {Quote(key.Default)}" : $"  # {name}: \"\"");
            }
        }
        return text.ToString();
    }

    private static string Quote(string value) => value.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? value : $"\"{value}\"";

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
