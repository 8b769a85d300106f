using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A server process a test starts: output captured for diagnostics, ready once its port accepts connections,
/// stopped with SIGTERM (then SIGKILL after a grace period) on dispose.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process)
    {
        this.process = process;
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits until it accepts connections on <paramref name="port"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, int port, TimeSpan timeout, string? workingDirectory = null)
    {
        var server = Launch(fileName, arguments, environment, workingDirectory);
        try
        {
            await server.WaitForPortAsync(port, timeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a process told to listen on port 0 and waits until its output has a line matching <paramref name="listening"/>
    /// for each of <paramref name="names"/> (groups <c>name</c> and <c>url</c>); returns the addresses it reported.
    /// </summary>
    public static async Task<(ServerProcess Process, IReadOnlyDictionary<string, Uri> Addresses)> StartReportingAsync(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, Regex listening, IReadOnlyCollection<string> names, TimeSpan timeout, string? workingDirectory = null)
    {
        var server = Launch(fileName, arguments, environment, workingDirectory);
        try
        {
            return (server, await server.WaitForAddressesAsync(listening, names, timeout));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the output reports an address for every one of <paramref name="names"/>.</summary>
    public async Task<IReadOnlyDictionary<string, Uri>> WaitForAddressesAsync(Regex listening, IReadOnlyCollection<string> names, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reported = listening.Matches(Output).Where(m => names.Contains(m.Groups["name"].Value))
                .GroupBy(m => m.Groups["name"].Value).ToDictionary(g => g.Key, g => new Uri(g.Last().Groups["url"].Value));
            if (reported.Count == names.Count)
            {
                return reported;
            }
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before it reported where it listens:\n{Output}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{process.StartInfo.FileName} did not report listening on [{string.Join(", ", names)}] within {timeout}:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Starts the process without waiting for anything (for processes expected to fail).</summary>
    public static ServerProcess Launch(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until the process accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} before listening on {port}:\n{Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"{process.StartInfo.FileName} did not listen on {port} within {timeout}:\n{Output}");
    }

    /// <summary>Kills the process and its children at once, as a crash or an OOM kill would (no clean shutdown).</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Waits for the process to exit by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync().WaitAsync(timeout);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
