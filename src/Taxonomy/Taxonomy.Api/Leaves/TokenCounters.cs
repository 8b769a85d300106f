using InstructLab.Aspire.Taxonomy.Chunking;
using Proto = InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Taxonomy.Api.Leaves;

/// <summary>The counter a request's chunking options ask for: a serving endpoint's /tokenize, or words.</summary>
public sealed class TokenCounters(IHttpClientFactory http)
{
    public const string HttpClientName = "tokenizer";

    public ITokenCounter For(Proto.ChunkingOptions? options)
    {
        if (string.IsNullOrWhiteSpace(options?.TokenizerUrl))
        {
            return WordTokenCounter.Instance;
        }
        return Uri.TryCreate(options.TokenizerUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? new TokenizeEndpointCounter(http.CreateClient(HttpClientName), url, string.IsNullOrEmpty(options.TokenizerModel) ? null : options.TokenizerModel)
            : throw new ArgumentException($"chunking.tokenizer_url '{options.TokenizerUrl}' is not an http:// or https:// URL");
    }
}
