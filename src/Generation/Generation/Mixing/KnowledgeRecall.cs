using System.Text;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Generation.Mixing;

/// <summary>
/// The user turn of a phase-2 knowledge recall sample: the sample's source chunk among distractor chunks (other
/// chunks of the same leaf first, then of other knowledge leaves), in an order drawn from the job's seed, then the
/// question. The student learns to find the answer in the right document and to ignore the others.
/// </summary>
public static class KnowledgeRecall
{
    public static string Prompt(string question, string source, IReadOnlyList<string> sameLeaf, IReadOnlyList<string> otherLeaves,
        int distractors, long seed, string sampleId)
    {
        var random = SamplingSeeds.Random(seed, "recall", sampleId);
        var candidates = sameLeaf.Where(c => c != source).OrderBy(_ => random.Next())
            .Concat(otherLeaves.Where(c => c != source).OrderBy(_ => random.Next()))
            .Distinct(StringComparer.Ordinal)
            .Take(distractors);
        var documents = candidates.Append(source).OrderBy(_ => random.Next()).ToList();
        var text = new StringBuilder();
        for (var i = 0; i < documents.Count; i++)
        {
            text.Append("[Document ").Append(i + 1).Append("]\n").Append(documents[i].Trim()).Append("\n\n");
        }
        return text.Append(question).ToString();
    }
}
