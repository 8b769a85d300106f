using System.CommandLine;
using InstructLab.Aspire.Cli.Config;
using InstructLab.Aspire.Taxonomy.Git;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>Arguments shared by the taxonomy commands.</summary>
internal static class TaxonomyOptions
{
    public static readonly Argument<string> Path = new("path")
    {
        Description = "The taxonomy folder, or one qna.yaml [config: taxonomy.path; default: .].",
        DefaultValueFactory = _ => LabConfig.PathValue(ConfigKeys.TaxonomyPath),
    };

    public static readonly Option<string> Base = new("--base")
    {
        Description = $"Branch, remote branch, tag or commit to diff against; '{TaxonomyDiff.Empty}' takes every file.",
        DefaultValueFactory = _ => LabConfig.Value(ConfigKeys.TaxonomyBase),
    };

    public static readonly Option<bool> Strict = new("--strict")
    {
        Description = "Also fail on what InstructLab's CI fails on: yamllint errors (trailing spaces, duplicate keys) and a missing attribution.txt.",
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON for scripts." };

    /// <summary>A taxonomy command taking PATH, --base, --strict and --json.</summary>
    public static Command Command(string name, string description)
    {
        var command = new Command(name, description);
        command.Arguments.Add(Path);
        command.Options.Add(Base);
        command.Options.Add(Strict);
        command.Options.Add(Json);
        return command;
    }
}
