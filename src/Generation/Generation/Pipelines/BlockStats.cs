namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>One block's counters; updated from many rows at once.</summary>
public sealed class BlockStats
{
    private long rowsIn, rowsOut, unparsed, refused, teacherCalls, cachedCalls, generatedTokens, judgeCalls;

    public long RowsIn => Interlocked.Read(ref rowsIn);

    public long RowsOut => Interlocked.Read(ref rowsOut);

    /// <summary>Answers that could not be read into the block's columns (the row is dropped).</summary>
    public long Unparsed => Interlocked.Read(ref unparsed);

    /// <summary>Rows the teacher refused as longer than its context (the row is dropped).</summary>
    public long Refused => Interlocked.Read(ref refused);

    public long TeacherCalls => Interlocked.Read(ref teacherCalls);

    public long CachedCalls => Interlocked.Read(ref cachedCalls);

    public long GeneratedTokens => Interlocked.Read(ref generatedTokens);

    /// <summary>Items this block sent to the judge.</summary>
    public long JudgeCalls => Interlocked.Read(ref judgeCalls);

    public void Rows(int input, int output)
    {
        Interlocked.Add(ref rowsIn, input);
        Interlocked.Add(ref rowsOut, output);
    }

    public void Unparsable() => Interlocked.Increment(ref unparsed);

    public void Refusal() => Interlocked.Increment(ref refused);

    public void Call(bool cached, int tokens)
    {
        Interlocked.Increment(ref cached ? ref cachedCalls : ref teacherCalls);
        if (!cached)
        {
            Interlocked.Add(ref generatedTokens, tokens);
        }
    }

    public void Judged(int items) => Interlocked.Add(ref judgeCalls, items);
}
