namespace InstructLab.Aspire.TestSupport;

/// <summary>
/// Taxonomies built in a test from the shared sample of real InstructLab leaves; knowledge leaves get their documents
/// from a local git repository made from the shared knowledge documents, pinned at its commit.
/// </summary>
public static class SampleTaxonomy
{
    public const string ChickadeeLeaf = "knowledge/science/animals/birds/black_capped_chickadee/qna.yaml";
    public const string SynonymsLeaf = "compositional_skills/linguistics/synonyms/qna.yaml";
    public const string InclusionLeaf = "compositional_skills/grounded/linguistics/inclusion/qna.yaml";

    private const string ChickadeeRepo = "https://github.com/juliadenham/Summit_knowledge";
    private const string ChickadeeCommit = "5f7158a5ce83c4ff493bfe341fe31ecad64ff697";

    /// <summary>
    /// A taxonomy under <paramref name="folder"/> with the given sample leaves (qna.yaml paths, attribution.txt included);
    /// with the chickadee leaf, also its document repository and the commit the leaf pins.
    /// </summary>
    public static (string Taxonomy, string Documents, string Commit) Build(string folder, params string[] leaves)
    {
        var taxonomy = Path.Combine(folder, "taxonomy");
        foreach (var leaf in leaves)
        {
            var source = Path.GetDirectoryName(SharedFiles.RequireData("taxonomy-sample", leaf))!;
            var target = Path.Combine(taxonomy, Path.GetDirectoryName(leaf)!);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
        if (!leaves.Contains(ChickadeeLeaf))
        {
            return (taxonomy, "", "");
        }
        var (documents, commit) = ChickadeeDocuments(Path.Combine(folder, "documents"));
        var qna = Path.Combine(taxonomy, ChickadeeLeaf);
        File.WriteAllText(qna, File.ReadAllText(qna)
            .Replace(ChickadeeRepo, documents, StringComparison.Ordinal)
            .Replace(ChickadeeCommit, commit, StringComparison.Ordinal));
        return (taxonomy, documents, commit);
    }

    /// <summary>A git repository with the chickadee leaf's real documents; its path and commit.</summary>
    public static (string Path, string Commit) ChickadeeDocuments(string folder)
    {
        var documents = GitRepository.Init(folder);
        documents.Copy(SharedFiles.RequireData("knowledge-docs", "juliadenham", "Summit_knowledge"), "");
        return (documents.Path, documents.Commit("documents"));
    }
}
