using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Serving.Catalog;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>Models under artifact-store keys, streamed into serving's model cache.</summary>
public sealed class ArtifactStoreModelSource(IArtifactStore store) : IModelArtifactSource
{
    public async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenReadAsync(key, cancellationToken: cancellationToken);
        await source.CopyToAsync(destination, cancellationToken);
    }

    public async Task<string?> VersionAsync(string key, CancellationToken cancellationToken) =>
        (await store.StatAsync(key, cancellationToken))?.ETag;
}
