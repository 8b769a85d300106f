namespace InstructLab.Aspire.Evaluations.Items;

/// <summary>
/// MT-Bench-branch: the seed examples of the skill leaves that changed on a branch become one-turn questions (with
/// the context when the leaf is grounded), each seed answer the reference; grouped by leaf.
/// </summary>
public static class BranchQuestions
{
    public sealed record SeedQuestion(string Question, string Answer, string Context);

    /// <param name="Added">The leaf is new on the branch: the base model never had a chance to learn it.</param>
    public sealed record SkillLeaf(string Name, string Path, IReadOnlyList<SeedQuestion> Examples, bool Added = false);

    public static IReadOnlyList<EvaluationItem> Items(IEnumerable<SkillLeaf> leaves, int limit)
    {
        var items = new List<EvaluationItem>();
        foreach (var leaf in leaves)
        {
            foreach (var (example, index) in leaf.Examples.Select((e, i) => (e, i)).Take(limit > 0 ? limit : int.MaxValue))
            {
                items.Add(new EvaluationItem
                {
                    Id = $"{leaf.Name}/{index}",
                    Group = leaf.Name,
                    Source = $"{leaf.Path} seed example {index + 1}",
                    Turns = [example.Question],
                    References = [example.Answer],
                    Context = example.Context is { Length: > 0 } context ? context : null,
                    Temperature = 0,
                    NewGroup = leaf.Added,
                });
            }
        }
        return items.Count > 0
            ? items
            : throw new EvaluationDataException("taxonomy", "no skill leaf with seed examples changed against the base; MT-Bench-branch has no question");
    }
}
