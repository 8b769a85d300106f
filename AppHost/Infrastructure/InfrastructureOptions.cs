namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>The <c>Infrastructure</c> section of the AppHost's configuration.</summary>
internal sealed class InfrastructureOptions
{
    public const string SectionName = "Infrastructure";

    /// <summary>auto, containers, executables or external.</summary>
    public string Mode { get; set; } = "auto";

    /// <summary>Where local servers keep their data; default <c>.data/</c> in the repository.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The container CLI that auto mode asks (Aspire's own setting <c>ASPIRE_CONTAINER_RUNTIME</c> wins).</summary>
    public string ContainerRuntime { get; set; } = "docker";
}
