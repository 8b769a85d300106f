using System.CommandLine;
using InstructLab.Aspire.Taxonomy;
using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab taxonomy validate [PATH]</c>: validates the files changed since the base (every file with
/// <c>--base empty</c>, or the one qna.yaml given) as InstructLab does. Exit 0 valid, 1 invalid, 2 usage or I/O error.
/// </summary>
internal static class TaxonomyValidateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = TaxonomyOptions.Command("validate", "Validate taxonomy files: schema rules of InstructLab with positions, lint as warnings.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parseResult.GetRequiredValue(TaxonomyOptions.Path);
            var strict = parseResult.GetValue(TaxonomyOptions.Strict);
            var (root, report, notice) = await ValidateAsync(path, parseResult.GetRequiredValue(TaxonomyOptions.Base), cancellationToken);
            if (parseResult.GetValue(TaxonomyOptions.Json))
            {
                var response = report.ToProto();
                response.Notice = notice ?? "";
                console.Profile.Out.Writer.WriteLine(ProtoJson.Formatter.Format(response));
            }
            else
            {
                if (notice is not null)
                {
                    console.MarkupLine($"[yellow]{Markup.Escape(notice)}[/]");
                }
                TaxonomyPrinter.Print(console, report, root, strict);
            }
            return (strict ? report.IsValidStrict : report.IsValid) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>Validates a single file, or the selection of a tree; usage and I/O problems become <see cref="LabException"/>.</summary>
    public static async Task<(string Root, TaxonomyReport Report, string? Notice)> ValidateAsync(string path, string baseRef, CancellationToken cancellationToken)
    {
        var validator = new QnaValidator();
        if (File.Exists(path))
        {
            return (Path.GetDirectoryName(Path.GetFullPath(path))!, new TaxonomyReport([validator.ValidateFile(path, path)]), null);
        }
        try
        {
            var tree = new TaxonomyTree(path);
            var selection = await TaxonomySelection.SelectAsync(tree, baseRef, [], cancellationToken);
            return (tree.Root, tree.Validate(validator, selection.Files), selection.Notice);
        }
        catch (Exception e) when (e is GitException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new LabException(e.Message);
        }
    }
}
