using System.Text;
using System.Text.RegularExpressions;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A console's output kept for a test to read while something in this process writes it (safe across threads), and
/// waited on: how a test learns the address of a server it told to listen on port 0 (<c>lab model serve --port 0</c>).
/// </summary>
public sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (text)
            {
                return text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (text)
        {
            text.Append(value);
        }
    }

    /// <summary>The first match of <paramref name="pattern"/>, once written; fails when <paramref name="writer"/> ends first or time runs out.</summary>
    public async Task<Match> WaitForAsync(Regex pattern, Task writer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (pattern.Match(Text) is { Success: true } match)
            {
                return match;
            }
            if (writer.IsCompleted)
            {
                throw new InvalidOperationException($"the writer ended before writing /{pattern}/:\n{Text}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing matched /{pattern}/ within {timeout}:\n{Text}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }
}
