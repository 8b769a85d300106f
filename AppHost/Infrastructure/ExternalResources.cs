using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.AppHost.Infrastructure;

/// <summary>A resource that runs elsewhere: its connection string comes from <c>ConnectionStrings:&lt;name&gt;</c>.</summary>
internal static class ExternalResources
{
    public static IResourceBuilder<ConnectionStringResource> AddExternalConnectionString(this IDistributedApplicationBuilder builder, string name)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            throw new DistributedApplicationException(
                $"{InfrastructureOptions.SectionName}:Mode=external needs ConnectionStrings:{name} (set it with `dotnet user-secrets set ConnectionStrings:{name} …` in AppHost/).");
        }
        var value = builder.AddParameterFromConfiguration($"{name}-connection-string", $"ConnectionStrings:{name}", secret: true);
        return builder.AddConnectionString(name, ReferenceExpression.Create($"{value}"));
    }
}
