using System.Net;
using System.Net.Sockets;

namespace InstructLab.Aspire.TestSupport.Servers;

/// <summary>
/// A TCP port on 127.0.0.1 that nothing listens on right now, and that this process has not handed out before: two
/// servers a fixture starts at once (Redis and RabbitMQ) were given the same just-released port by the system. The
/// ports RabbitMQ derives from its own (distribution +20000, epmd +40000, see eng/servers/rabbitmq.sh) are never
/// handed out either.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Taken = [];

    public static int Next()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            lock (Taken)
            {
                if (Taken.Contains(port))
                {
                    continue;
                }
                Taken.Add(port);
                Taken.Add(Wrap(port + 20000));
                Taken.Add(Wrap(port + 40000));
                return port;
            }
        }
    }

    private static int Wrap(int port) => port % 65536 < 1024 ? port % 65536 + 1024 : port % 65536;
}
