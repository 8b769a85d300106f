namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A real Redis, RabbitMQ or S3 server started by a test with the repository's own scripts (the ones the AppHost
/// runs), on a free port, with fresh random credentials and its data in a temporary folder.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
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
        var port = FreePort.Next();
        var (accessKey, secretKey) = (Secrets.New(20), Secrets.New(40));
        Task<ServerProcess> Start() => ServerProcess.StartAsync("node", [Repository.PathOf("eng", "s3rver", "serve.js"), $"{port}", data.Path, bucket],
            new Dictionary<string, string> { ["S3_ACCESS_KEY"] = accessKey, ["S3_SECRET_KEY"] = secretKey, ["S3RVER_VERBOSE"] = verbose ? "true" : "false" }, port, TimeSpan.FromSeconds(20));
        return new LocalServer(await Start(), Start, data, port, $"Endpoint=http://127.0.0.1:{port};AccessKey={accessKey};SecretKey={secretKey}");
    }

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
