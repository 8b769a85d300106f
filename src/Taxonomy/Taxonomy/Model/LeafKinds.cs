using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Tree;

namespace InstructLab.Aspire.Taxonomy.Model;

internal static class LeafKinds
{
    /// <summary>By the folder the leaf is in; compositional skills are grounded when their seeds have a context.</summary>
    public static LeafKind Of(string path, JsonObject content) => TaxonomyPaths.RootOf(path) switch
    {
        TaxonomyPaths.Knowledge => LeafKind.Knowledge,
        TaxonomyPaths.FoundationalSkills => LeafKind.FoundationalSkill,
        _ when content["seed_examples"] is JsonArray seeds && seeds.Any(seed => seed is JsonObject o && o.ContainsKey("context")) => LeafKind.GroundedSkill,
        _ => LeafKind.FreeformSkill,
    };
}
