using System.Reflection;

namespace InstructLab.Aspire.Hosting;

/// <summary>Who this process is: which service, which instance, which build, since when.</summary>
public sealed class ServiceIdentity
{
    public ServiceIdentity(string service, TimeProvider time)
    {
        Service = service;
        var assembly = Assembly.GetEntryAssembly() ?? typeof(ServiceIdentity).Assembly;
        Build = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        Version = Build.Split('+')[0];
        StartedAt = time.GetUtcNow();
    }

    public string Service { get; }

    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>Semantic version, e.g. 0.1.0.</summary>
    public string Version { get; }

    /// <summary>Informational version: version plus source revision, e.g. 0.1.0+5f3c2a1….</summary>
    public string Build { get; }

    public string Host { get; } = Environment.MachineName;

    public int ProcessId { get; } = Environment.ProcessId;

    public DateTimeOffset StartedAt { get; }
}
