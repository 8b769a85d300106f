using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;
using Spectre.Console;

namespace InstructLab.Aspire.Cli.Commands;

/// <summary>
/// Human output of a validation: one unwrapped line per finding (<c>path:line:col: error: field: message</c>, so editors
/// and grep can follow it), then a summary.
/// </summary>
internal static class TaxonomyPrinter
{
    public static void Print(IAnsiConsole console, TaxonomyReport report, string root, bool strict)
    {
        var colour = console.Profile.Capabilities.Ansi;
        var output = console.Profile.Out.Writer;
        foreach (var diagnostic in report.Files.SelectMany(f => f.Diagnostics))
        {
            var error = diagnostic.Severity == DiagnosticSeverity.Error || (strict && diagnostic.FailsStrict);
            var label = (error, colour) switch
            {
                (true, true) => "\u001b[31merror\u001b[0m",
                (false, true) => "\u001b[33mwarning\u001b[0m",
                (true, false) => "error",
                _ => "warning",
            };
            var field = diagnostic.Field is null ? "" : $"{diagnostic.Field}: ";
            output.WriteLine($"{diagnostic.File}:{diagnostic.Position.Line}:{diagnostic.Position.Column}: {label}: {field}{diagnostic.Message}");
        }
        var valid = strict ? report.IsValidStrict : report.IsValid;
        var invalidFiles = report.Files.Count(f => strict ? !f.IsValidStrict : !f.IsValid);
        var counts = $"{report.Files.Count} file(s): {invalidFiles} invalid, {report.ErrorCount} error(s), {report.WarningCount} warning(s)";
        console.MarkupLine(valid
            ? $"[green]Taxonomy in {Markup.Escape(root)} is valid[/] ({counts})"
            : $"[red]Taxonomy in {Markup.Escape(root)} is invalid[/] ({counts})");
    }
}
