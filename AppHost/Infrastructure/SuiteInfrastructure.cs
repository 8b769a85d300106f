using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>
/// The chosen infrastructure mode and what the resources of that mode share: the data folder, the repository's
/// server scripts and generated credentials.
/// </summary>
internal sealed class SuiteInfrastructure
{
    private SuiteInfrastructure(IDistributedApplicationBuilder builder, InfrastructureMode mode, string dataDirectory)
    {
        Builder = builder;
        Mode = mode;
        DataDirectory = dataDirectory;
    }

    public IDistributedApplicationBuilder Builder { get; }

    /// <summary>Containers, Executables or External; never Auto.</summary>
    public InfrastructureMode Mode { get; }

    public string DataDirectory { get; }

    public string RepositoryRoot => Path.GetFullPath(Path.Combine(Builder.AppHostDirectory, ".."));

    public static SuiteInfrastructure Create(IDistributedApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(InfrastructureOptions.SectionName).Get<InfrastructureOptions>() ?? new();
        if (!Enum.TryParse<InfrastructureMode>(options.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new DistributedApplicationException(
                $"{InfrastructureOptions.SectionName}:Mode is '{options.Mode}'; allowed values: auto, containers, executables, external.");
        }
        if (builder.ExecutionContext.IsPublishMode && mode is InfrastructureMode.Auto or InfrastructureMode.Executables)
        {
            mode = InfrastructureMode.Containers; // a deployment manifest can only describe containers
        }
        if (mode == InfrastructureMode.Auto)
        {
            var runtime = builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? options.ContainerRuntime;
            mode = ContainerRuntimeProbe.Answers(runtime) ? InfrastructureMode.Containers : InfrastructureMode.Executables;
        }
        var dataDirectory = Path.GetFullPath(options.DataDirectory ?? Path.Combine(builder.AppHostDirectory, "..", ".data"));
        return new SuiteInfrastructure(builder, mode, dataDirectory);
    }

    /// <summary>The data folder of one resource, created if needed and readable by this user only.</summary>
    public string DataFor(string name)
    {
        var directory = Path.Combine(DataDirectory, name);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return directory;
    }

    /// <summary>A file of the repository (a server script); a clear error when it is missing.</summary>
    public string RepositoryFile(string relativePath)
    {
        var path = Path.Combine(RepositoryRoot, relativePath);
        return File.Exists(path)
            ? path
            : throw new DistributedApplicationException($"{relativePath} is missing from {RepositoryRoot}; run eng/bootstrap.sh.");
    }

    /// <summary>
    /// A secret parameter with a generated value (letters and digits only: it goes into URIs and connection strings),
    /// kept in the AppHost's user secrets so it stays the same between runs.
    /// </summary>
    public IResourceBuilder<ParameterResource> GeneratedSecret(string name, int length = 24) =>
        Builder.AddParameter(name, new GenerateParameterDefault { MinLength = length, Special = false }, secret: true, persist: true);

    /// <summary>Fails with the package to install when an executable the mode needs is not on PATH.</summary>
    public static string RequireOnPath(string executable, string installHint)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
        return found ?? throw new DistributedApplicationException(
            $"{InfrastructureOptions.SectionName}:Mode=executables needs '{executable}' on PATH ({installHint}; eng/bootstrap.sh installs it).");
    }

    public static bool IsOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, executable)));
}
