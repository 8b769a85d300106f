namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>Names every row carries, whatever the pipeline.</summary>
public static class Columns
{
    /// <summary>
    /// The row's id within its leaf: the input row's index, extended by each block that makes several rows of one
    /// (<c>3/1</c> is the second sample of input row 3). Sampling seeds derive from it.
    /// </summary>
    public const string Id = "_id";

    /// <summary>The index of the input row (document chunk or seed example) the row comes from.</summary>
    public const string Seed = "_seed";

    public static HashSet<string> With(IEnumerable<string> columns, params string[] more) =>
        new(columns.Concat(more), StringComparer.Ordinal);

    /// <summary>The id of the <paramref name="index"/>-th row made from a row.</summary>
    public static string Child(string id, int index) => $"{id}/{index}";
}
