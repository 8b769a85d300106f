using InstructLab.Aspire.Contracts.Taxonomy.V1;
using InstructLab.Aspire.Hosting.Security;
using InstructLab.Aspire.Taxonomy.Git;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Taxonomy.Api.Sources;

/// <summary>Opens a request's <see cref="TaxonomySource"/>: a local folder under the allowed roots, or a git repository at a ref.</summary>
public sealed class TaxonomySources(IOptions<TaxonomyServiceOptions> options)
{
    public string CacheDirectory => options.Value.CacheDirectory
        ?? Path.Combine(Path.GetTempPath(), "instructlab-aspire", "taxonomy");

    public async Task<TaxonomyCheckout> OpenAsync(TaxonomySource? source, CancellationToken cancellationToken)
    {
        switch (source?.KindCase)
        {
            case TaxonomySource.KindOneofCase.LocalPath:
                // Symbolic links are followed before the check: a link inside a root that points out of it is refused.
                var folder = LocalPaths.Check(source.LocalPath, "source.local_path", options.Value.AllowedLocalRoots, "Taxonomy:AllowedLocalRoots");
                return Directory.Exists(folder)
                    ? TaxonomyCheckout.Local(folder, options.Value.Walk)
                    : throw new ArgumentException($"source.local_path: {source.LocalPath} does not exist");
            case TaxonomySource.KindOneofCase.Git when !string.IsNullOrWhiteSpace(source.Git.Url):
                var (url, _) = GitSourcePolicy.Check(source.Git.Url, "source.git.url", options.Value.AllowedLocalRoots, "Taxonomy:AllowedLocalRoots");
                return await TaxonomyCheckout.GitAsync(CacheDirectory, url, source.Git.Ref, options.Value.Walk, cancellationToken);
            default:
                throw new ArgumentException("source: give local_path or git.url");
        }
    }
}
