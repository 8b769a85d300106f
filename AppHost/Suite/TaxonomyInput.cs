using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.AppHost.Suite;

/// <summary>
/// A taxonomy in the dashboard's commands: its inputs (a folder on this machine, <c>~</c> allowed, or a git
/// repository's URL, and the base ref), checked and made a request's source.
/// </summary>
internal static class TaxonomyInput
{
    /// <summary>The taxonomy and base inputs, first in a command's dialog.</summary>
    public static InteractionInput[] Inputs(string baseDescription) =>
    [
        new InteractionInput
        {
            Name = "taxonomy", Label = "Taxonomy", InputType = InputType.Text, Required = true,
            Placeholder = "~/taxonomy or https://github.com/instructlab/taxonomy.git",
            Description = "A folder on this machine or a git repository's URL",
        },
        new InteractionInput { Name = "base", Label = "Base", InputType = InputType.Text, Value = "origin/main", Description = baseDescription },
    ];

    /// <summary>What is wrong with it, or null.</summary>
    public static string? Problem(string taxonomy)
    {
        var value = taxonomy.Trim();
        if (value.Length == 0)
        {
            return "Taxonomy: give a folder on this machine or a git repository's URL.";
        }
        return LooksLikeFolder(value) && !Directory.Exists(SuiteChannels.ExpandHome(value)) ? $"Taxonomy: no folder {SuiteChannels.ExpandHome(value)} on this machine (nor is it a git URL)." : null;
    }

    public static TaxonomySource Source(string taxonomy)
    {
        var value = taxonomy.Trim();
        return LooksLikeFolder(value)
            ? new TaxonomySource { LocalPath = Path.GetFullPath(SuiteChannels.ExpandHome(value)) }
            : new TaxonomySource { Git = new GitSource { Url = value } };
    }

    /// <summary>The name of a job the dashboard starts: the taxonomy's folder or repository name.</summary>
    public static string JobName(string taxonomy) => $"from the dashboard: {Path.GetFileName(taxonomy.Trim().TrimEnd('/'))}";

    /// <summary>A folder unless it reads as a git URL (scheme://… or user@host:path).</summary>
    private static bool LooksLikeFolder(string value) => !value.Contains("://", StringComparison.Ordinal) && !(value.Contains('@') && value.Contains(':'));
}
