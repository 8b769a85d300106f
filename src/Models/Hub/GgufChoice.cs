namespace InstructLab.Aspire.Hub;

/// <summary>Which GGUF of a repository to take when none is named: the first of a preferred quantization, else the only one.</summary>
public static class GgufChoice
{
    /// <summary>Small and good enough first (as llama.cpp's and Ollama's defaults), then larger and exact.</summary>
    public static readonly string[] Preference = ["q4_k_m", "q4_k_s", "q5_k_m", "q8_0", "q4_0", "q6_k", "f16", "bf16", "f32"];

    public static string Pick(string repository, IReadOnlyList<string> files, string? preferred = null)
    {
        var ggufs = files.Where(f => f.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) && !f.Contains("mmproj", StringComparison.OrdinalIgnoreCase)).ToList();
        if (ggufs.Count == 0)
        {
            throw new HubException($"{repository} holds no .gguf file; lab and the suite load GGUF models (a repository named …-GGUF usually has them)");
        }
        if (ggufs.Count == 1)
        {
            return ggufs[0];
        }
        foreach (var quant in (preferred is { Length: > 0 } ? [preferred.ToLowerInvariant()] : Array.Empty<string>()).Concat(Preference))
        {
            var match = ggufs.Where(f => Path.GetFileNameWithoutExtension(f).EndsWith(quant, StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.Length).FirstOrDefault();
            if (match is not null)
            {
                return match;
            }
        }
        throw new HubException($"{repository} holds {ggufs.Count} GGUF files and none of a known quantization; name one with --file: {string.Join(", ", ggufs)}");
    }
}
