using InstructLab.Aspire.Taxonomy.Chunking;
using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;
using Proto = InstructLab.Aspire.Contracts.Taxonomy.V1;

namespace InstructLab.Aspire.Taxonomy;

/// <summary>Taxonomy results as the messages of protos/instructlab/taxonomy/v1, for the gRPC service and the CLI's --json.</summary>
public static class ProtoMapping
{
    public static Proto.ValidateResponse ToProto(this TaxonomyReport report) => new()
    {
        Valid = report.IsValid,
        ValidForCi = report.IsValidStrict,
        Errors = report.ErrorCount,
        Warnings = report.WarningCount,
        Files = { report.Files.Select(ToProto) },
    };

    public static Proto.FileReport ToProto(this FileReport file) => new()
    {
        Path = file.File,
        Valid = file.IsValid,
        ValidForCi = file.IsValidStrict,
        Version = file.Version ?? 0,
        Kind = file.Kind is { } kind ? kind.ToProto() : Proto.LeafKind.Unspecified,
        Diagnostics = { file.Diagnostics.Select(ToProto) },
    };

    public static Proto.Diagnostic ToProto(this Diagnostic diagnostic) => new()
    {
        File = diagnostic.File,
        Line = diagnostic.Position.Line,
        Column = diagnostic.Position.Column,
        Severity = diagnostic.Severity == DiagnosticSeverity.Error ? Proto.Severity.Error : Proto.Severity.Warning,
        Rule = diagnostic.Rule,
        Field = diagnostic.Field ?? "",
        Message = diagnostic.Message,
        FailsCi = diagnostic.FailsStrict,
    };

    public static Proto.LeafKind ToProto(this LeafKind kind) => kind switch
    {
        LeafKind.Knowledge => Proto.LeafKind.Knowledge,
        LeafKind.FreeformSkill => Proto.LeafKind.FreeformSkill,
        LeafKind.GroundedSkill => Proto.LeafKind.GroundedSkill,
        _ => Proto.LeafKind.FoundationalSkill,
    };

    public static Proto.Leaf ToProto(this TaxonomyLeaf leaf, IEnumerable<DocumentChunk> chunks) => new()
    {
        Path = leaf.Path,
        Name = leaf.Name,
        Kind = leaf.Kind.ToProto(),
        Version = leaf.Version,
        CreatedBy = leaf.CreatedBy,
        TaskDescription = leaf.TaskDescription ?? "",
        Domain = leaf.Domain ?? "",
        DocumentOutline = leaf.DocumentOutline ?? "",
        SeedExamples =
        {
            leaf.SeedExamples.Select(seed => new Proto.SeedExample
            {
                Context = seed.Context ?? "",
                QuestionsAndAnswers = { seed.QuestionsAndAnswers.Select(qa => new Proto.QuestionAnswer { Question = qa.Question, Answer = qa.Answer }) },
            }),
        },
        Document = leaf.Document is { } document ? document.ToProto() : null,
        Chunks = { chunks.Select(ToProto) },
    };

    public static Proto.DocumentReference ToProto(this KnowledgeDocumentRef document) => new()
    {
        Repo = document.Repo,
        Commit = document.Commit,
        Patterns = { document.Patterns },
    };

    public static KnowledgeDocumentRef FromProto(this Proto.DocumentReference document) => new(document.Repo, document.Commit, [.. document.Patterns]);

    public static Proto.DocumentChunk ToProto(this DocumentChunk chunk) => new()
    {
        SourceFile = chunk.SourcePath,
        Repo = chunk.Repo,
        Commit = chunk.Commit,
        Index = chunk.Index,
        Start = chunk.Start,
        End = chunk.End,
        Text = chunk.Text,
        Tokens = chunk.Tokens,
        Section = chunk.Section ?? "",
    };

    public static ChunkingOptions FromProto(this Proto.ChunkingOptions? options) => new()
    {
        MaxTokens = options is { MaxTokens: > 0 } ? options.MaxTokens : 500,
        OverlapTokens = options is { OverlapTokens: > 0 } ? options.OverlapTokens : 50,
    };
}
