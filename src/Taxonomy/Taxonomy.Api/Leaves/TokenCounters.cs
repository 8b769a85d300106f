using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Taxonomy.Chunking;
using Proto = InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Taxonomy.Api.Leaves;

/// <summary>The counter a request's chunking options ask for: a serving endpoint's /tokenize, or words.</summary>
public sealed class TokenCounters(IHttpClientFactory http, IConfiguration configuration)
{
    public const string HttpClientName = "tokenizer";

    public ITokenCounter For(Proto.ChunkingOptions? options)
    {
        if (string.IsNullOrWhiteSpace(options?.TokenizerUrl))
        {
            return WordTokenCounter.Instance;
        }
        var url = OutboundUrls.Check(options.TokenizerUrl, "chunking.tokenizer_url", configuration.GetSection(OutboundUrls.AllowListSetting).Get<string[]>());
        return new TokenizeEndpointCounter(http.CreateClient(HttpClientName), url, string.IsNullOrEmpty(options.TokenizerModel) ? null : options.TokenizerModel);
    }
}
