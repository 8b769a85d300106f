namespace InstructLab.Aspire.Gguf.Format;

/// <summary>ggml's tensor element types (the numbers are fixed by the GGUF format).</summary>
public enum GgmlType : uint
{
    /// <summary>32-bit float.</summary>
    F32 = 0,
    /// <summary>16-bit IEEE half.</summary>
    F16 = 1,
    /// <summary>32 weights: f16 scale, 4-bit values.</summary>
    Q4_0 = 2,
    /// <summary>32 weights: f16 scale and minimum, 4-bit values.</summary>
    Q4_1 = 3,
    /// <summary>32 weights: f16 scale, 5-bit values.</summary>
    Q5_0 = 6,
    /// <summary>32 weights: f16 scale and minimum, 5-bit values.</summary>
    Q5_1 = 7,
    /// <summary>32 weights: f16 scale, 8-bit values.</summary>
    Q8_0 = 8,
    /// <summary>32 weights: f16 scale and sum, 8-bit values (activations only).</summary>
    Q8_1 = 9,
    /// <summary>256-weight super-blocks, 2-bit.</summary>
    Q2_K = 10,
    /// <summary>256-weight super-blocks, 3-bit.</summary>
    Q3_K = 11,
    /// <summary>256-weight super-blocks, 4-bit with 6-bit scales and minimums.</summary>
    Q4_K = 12,
    /// <summary>256-weight super-blocks, 5-bit with 6-bit scales and minimums.</summary>
    Q5_K = 13,
    /// <summary>256-weight super-blocks, 6-bit with 8-bit scales.</summary>
    Q6_K = 14,
    /// <summary>256-weight super-blocks, 8-bit (activations only).</summary>
    Q8_K = 15,
    /// <summary>8-bit integer.</summary>
    I8 = 24,
    /// <summary>16-bit integer.</summary>
    I16 = 25,
    /// <summary>32-bit integer.</summary>
    I32 = 26,
    /// <summary>64-bit integer.</summary>
    I64 = 27,
    /// <summary>64-bit float.</summary>
    F64 = 28,
    /// <summary>bfloat16: the upper half of a float.</summary>
    BF16 = 30,
}
