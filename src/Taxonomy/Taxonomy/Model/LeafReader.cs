using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Validation;

namespace InstructLab.Aspire.Taxonomy.Model;

/// <summary>Builds <see cref="TaxonomyLeaf"/>s from validated files.</summary>
public static class LeafReader
{
    /// <summary>The leaf of a valid file; throws for an invalid one (validate first).</summary>
    public static TaxonomyLeaf From(FileReport report)
    {
        if (!report.IsValid || report.Content is not { } content || report.Kind is not { } kind || report.Version is not { } version)
        {
            throw new InvalidOperationException($"{report.File} is not a valid taxonomy file; validate it first.");
        }
        var seeds = content["seed_examples"]!.AsArray().Select(seed => Seed(seed!.AsObject())).ToList();
        return new TaxonomyLeaf
        {
            Path = report.File.Replace('\\', '/'),
            Kind = kind,
            Version = version,
            CreatedBy = Text(content, "created_by") ?? "",
            TaskDescription = Text(content, "task_description"),
            Domain = Text(content, "domain"),
            DocumentOutline = Text(content, "document_outline"),
            SeedExamples = seeds,
            Document = content["document"] is JsonObject document
                ? new KnowledgeDocumentRef(Text(document, "repo")!, Text(document, "commit")!,
                    [.. document["patterns"]!.AsArray().Select(p => p!.GetValue<string>())])
                : null,
        };
    }

    private static SeedExample Seed(JsonObject seed)
    {
        var pairs = seed["questions_and_answers"] is JsonArray many
            ? many.Select(pair => new QuestionAnswer(Text(pair!.AsObject(), "question")!, Text(pair!.AsObject(), "answer")!)).ToList()
            : [new QuestionAnswer(Text(seed, "question")!, Text(seed, "answer")!)];
        return new SeedExample(Text(seed, "context"), pairs);
    }

    private static string? Text(JsonObject node, string key) => node[key]?.GetValue<string>();
}
