namespace InstructLab.Aspire.Generation.Jobs;

/// <summary>A chunk of a knowledge leaf's documents, with its provenance.</summary>
public sealed record PlanChunk(string Text, string SourceFile, string Repo, string Commit, int Index, int Start, int End, string Section);
