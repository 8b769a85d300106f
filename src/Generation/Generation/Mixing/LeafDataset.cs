using System.Text.Json.Nodes;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Jobs;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>One leaf's rows after its batches were read and deduplicated, with the counters of its batches.</summary>
public sealed record LeafDataset(PlanLeaf Leaf, IReadOnlyList<JsonObject> Rows, GenerationStatistics Statistics, int ExactDuplicates, int NearDuplicates);
