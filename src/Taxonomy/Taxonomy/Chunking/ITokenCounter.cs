namespace InstructLab.Aspire.Taxonomy.Chunking;

/// <summary>Counts tokens the way the teacher model will see them (or words, when no tokenizer is given).</summary>
public interface ITokenCounter
{
    /// <summary>For provenance: "words" or the tokenizer's address.</summary>
    string Name { get; }

    ValueTask<int> CountAsync(string text, CancellationToken cancellationToken);
}
