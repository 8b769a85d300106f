using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace InstructLab.Aspire.Taxonomy.Git;

/// <summary>
/// Runs the git command line (the tool InstructLab's own taxonomy code drives), never prompting for credentials,
/// with a deadline per command.
/// </summary>
internal static class GitRunner
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>Plain paths in output; only the https, ssh and local (file) transports, whatever a URL asks for.</summary>
    private static readonly string[] Settings =
    [
        "-c", "core.quotepath=off",
        "-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "protocol.ssh.allow=always", "-c", "protocol.file.allow=always",
    ];

    public static async Task<string> RunAsync(string directory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var args = arguments.ToList();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap("git")
                .WithArguments([.. Settings, .. args])
                .WithWorkingDirectory(directory)
                .WithEnvironmentVariables(new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["LC_ALL"] = "C" })
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(Encoding.UTF8, deadline.Token);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new GitException("git is not installed (eng/bootstrap.sh installs it).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitException($"git {string.Join(' ', args)} in {directory} took longer than {Deadline.TotalMinutes:0} minutes.");
        }
        return result.ExitCode == 0
            ? result.StandardOutput
            : throw new GitException($"git {string.Join(' ', args)} in {directory} failed: {result.StandardError.Trim()}");
    }

    /// <summary>Runs a command whose output is binary (a blob).</summary>
    public static async Task<byte[]> ReadBytesAsync(string directory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var args = arguments.ToList();
        using var output = new MemoryStream();
        var error = new StringBuilder();
        var result = await Cli.Wrap("git")
            .WithArguments(args)
            .WithWorkingDirectory(directory)
            .WithStandardOutputPipe(PipeTarget.ToStream(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(error))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(cancellationToken);
        return result.ExitCode == 0
            ? output.ToArray()
            : throw new GitException($"git {string.Join(' ', args)} in {directory} failed: {error.ToString().Trim()}");
    }

    /// <summary>Splits NUL-separated output (git's -z) into entries.</summary>
    public static IEnumerable<string> Entries(string output) => output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
