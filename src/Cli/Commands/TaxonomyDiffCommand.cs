using System.CommandLine;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy;
using InstructLab.Aspire.Taxonomy.Git;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// <c>lab taxonomy diff [PATH]</c>, as <c>ilab taxonomy diff</c>: lists the taxonomy files changed since the fork point
/// from the base (plus uncommitted and untracked ones) and validates them. Exit 0 valid, 1 invalid, 2 usage or I/O error.
/// </summary>
internal static class TaxonomyDiffCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = TaxonomyOptions.Command("diff", "List the taxonomy files changed since the base and validate them.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(console, async () =>
        {
            var strict = parseResult.GetValue(TaxonomyOptions.Strict);
            TaxonomyTree tree;
            DiffResult diff;
            try
            {
                tree = new TaxonomyTree(parseResult.GetRequiredValue(TaxonomyOptions.Path));
                diff = await TaxonomyDiff.ChangedFilesAsync(tree, parseResult.GetRequiredValue(TaxonomyOptions.Base), cancellationToken);
            }
            catch (Exception e) when (e is GitException or DirectoryNotFoundException or IOException)
            {
                throw new LabException(e.Message);
            }
            var report = tree.Validate(new QnaValidator(), diff.Files);
            if (parseResult.GetValue(TaxonomyOptions.Json))
            {
                var json = new JsonObject
                {
                    ["forkPoint"] = diff.ForkPoint,
                    ["changedFiles"] = new JsonArray([.. diff.Files.Select(f => JsonValue.Create(f))]),
                    ["validation"] = JsonNode.Parse(ProtoJson.Formatter.Format(report.ToProto())),
                };
                console.Profile.Out.Writer.WriteLine(json.ToJsonString(new() { WriteIndented = true }));
            }
            else
            {
                foreach (var file in diff.Files)
                {
                    console.WriteLine(file);
                }
                TaxonomyPrinter.Print(console, report, tree.Root, strict);
            }
            return (strict ? report.IsValidStrict : report.IsValid) ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }
}
