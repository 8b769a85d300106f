using System.CommandLine;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary><c>lab taxonomy …</c>: InstructLab taxonomies on this machine, no running suite needed.</summary>
internal static class TaxonomyCommands
{
    public static Command Create(IAnsiConsole console)
    {
        var taxonomy = new Command("taxonomy", "Validate and diff InstructLab taxonomies (qna.yaml trees) locally.");
        taxonomy.Subcommands.Add(TaxonomyValidateCommand.Create(console));
        taxonomy.Subcommands.Add(TaxonomyDiffCommand.Create(console));
        return taxonomy;
    }
}
