using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// Every message that goes over a RabbitMQ server started with its firehose on
/// (<see cref="LocalServer.StartRabbitMqAsync"/>): published and delivered copies from <c>amq.rabbitmq.trace</c>,
/// each as its routing key (publish.EXCHANGE or deliver.QUEUE) and its body as text.
/// </summary>
public sealed class BusRecorder : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> messages = new();
    private IConnection? connection;
    private IChannel? channel;

    public IReadOnlyCollection<string> Messages => messages;

    public static async Task<BusRecorder> StartAsync(LocalServer rabbitMq)
    {
        var recorder = new BusRecorder();
        recorder.connection = await new ConnectionFactory { Uri = new Uri(rabbitMq.ConnectionString) }.CreateConnectionAsync();
        recorder.channel = await recorder.connection.CreateChannelAsync();
        var queue = await recorder.channel.QueueDeclareAsync();
        await recorder.channel.QueueBindAsync(queue.QueueName, "amq.rabbitmq.trace", "#");
        var consumer = new AsyncEventingBasicConsumer(recorder.channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            recorder.messages.Enqueue($"{delivery.RoutingKey}\n{Encoding.UTF8.GetString(delivery.Body.Span)}");
            return Task.CompletedTask;
        };
        await recorder.channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
