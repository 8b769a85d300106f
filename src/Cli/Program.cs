using InstructLab.Aspire.Cli;
using Spectre.Console;

return await LabCli.RunAsync(args, AnsiConsole.Console);
