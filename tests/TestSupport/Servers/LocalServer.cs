using System.Text.RegularExpressions;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A real Redis, RabbitMQ or S3 server started by a test with the repository's own scripts (the ones the AppHost
/// runs), with fresh random credentials and its data in a temporary folder. S3 listens on port 0 and reports its port;
/// Redis (where port 0 turns TCP off) and RabbitMQ (whose distribution ports derive from its own) are given a port
/// nothing listens on (<see cref="FreePort"/>).
/// </summary>
public sealed partial class LocalServer : IAsyncDisposable
{
    private readonly TemporaryDirectory data;
    private readonly Func<Task<ServerProcess>> start;

    private LocalServer(ServerProcess process, Func<Task<ServerProcess>> start, TemporaryDirectory data, int port, string connectionString)
    {
        Process = process;
        this.start = start;
        this.data = data;
        Port = port;
        ConnectionString = connectionString;
    }

    public ServerProcess Process { get; private set; }

    public int Port { get; }

    /// <summary>In the format the AppHost gives services for this kind of resource.</summary>
    public string ConnectionString { get; }

    public string DataDirectory => data.Path;

    public static async Task<LocalServer> StartRedisAsync()
    {
        var data = new TemporaryDirectory("redis");
        var port = FreePort.Next();
        var password = Secrets.New();
        Task<ServerProcess> Start() => ServerProcess.StartAsync(Repository.PathOf("eng", "servers", "redis.sh"), [$"{port}", data.Path],
            new Dictionary<string, string> { ["REDIS_PASSWORD"] = password }, port, TimeSpan.FromSeconds(20));
        return new LocalServer(await Start(), Start, data, port, $"127.0.0.1:{port},password={password}");
    }

    /// <param name="firehose">Copy every message to <c>amq.rabbitmq.trace</c> (see <see cref="BusRecorder"/>); ready once tracing is on.</param>
    public static async Task<LocalServer> StartRabbitMqAsync(bool firehose = false)
    {
        var data = new TemporaryDirectory("rabbitmq");
        var port = FreePort.Next();
        var (user, password) = ("instructlab", Secrets.New());
        async Task<ServerProcess> Start()
        {
            var process = await ServerProcess.StartAsync(Repository.PathOf("eng", "servers", "rabbitmq.sh"), [$"{port}", data.Path], new Dictionary<string, string>
            {
                ["RABBITMQ_DEFAULT_USER"] = user,
                ["RABBITMQ_DEFAULT_PASS"] = password,
                ["RABBITMQ_FIREHOSE"] = firehose ? "true" : "false",
            }, port, TimeSpan.FromSeconds(60));
            for (var waited = 0; firehose && !process.Output.Contains("rabbitmq.sh: firehose on", StringComparison.Ordinal); waited++)
            {
                if (waited == 600)
                {
                    throw new TimeoutException($"RabbitMQ on port {port} did not turn its firehose on within a minute:\n{process.Output}");
                }
                await Task.Delay(100);
            }
            return process;
        }
        return new LocalServer(await Start(), Start, data, port, $"amqp://{user}:{password}@127.0.0.1:{port}/");
    }

    /// <param name="bucket">Created at start.</param>
    /// <param name="verbose">Log every request and stored multipart part to <see cref="ServerProcess.Output"/>.</param>
    public static async Task<LocalServer> StartS3Async(string bucket = "instructlab", bool verbose = false)
    {
        var data = new TemporaryDirectory("s3");
        var (accessKey, secretKey) = (Secrets.New(20), Secrets.New(40));
        var environment = new Dictionary<string, string> { ["S3_ACCESS_KEY"] = accessKey, ["S3_SECRET_KEY"] = secretKey, ["S3RVER_VERBOSE"] = verbose ? "true" : "false" };
        string[] Arguments(int port) => [Repository.PathOf("eng", "s3rver", "serve.js"), $"{port}", data.Path, bucket];
        // s3rver takes port 0 and says which port it got; a restart asks for that one again.
        var (process, addresses) = await ServerProcess.StartReportingAsync("node", Arguments(0), environment, S3rverListening(), ["s3rver"], TimeSpan.FromSeconds(20));
        var port = addresses["s3rver"].Port;
        Task<ServerProcess> Restart() => ServerProcess.StartAsync("node", Arguments(port), environment, port, TimeSpan.FromSeconds(20));
        return new LocalServer(process, Restart, data, port, $"Endpoint=http://127.0.0.1:{port};AccessKey={accessKey};SecretKey={secretKey}");
    }

    [GeneratedRegex(@"(?<name>s3rver) listening on (?<url>http://[0-9.]+:\d+)")]
    private static partial Regex S3rverListening();

    /// <summary>Stops the server (SIGTERM) and starts it again on the same port with the same data and credentials.</summary>
    public async Task RestartAsync()
    {
        await Process.DisposeAsync();
        Process = await start();
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        data.Dispose();
    }
}
