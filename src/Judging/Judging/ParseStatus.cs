namespace InstructLab.Aspire.Judging;

/// <summary>How a judgment was read from the judge's answer.</summary>
public enum ParseStatus
{
    /// <summary>The judge enforced the rubric's JSON schema.</summary>
    Structured,

    /// <summary>Read from text: a JSON object in the answer, or the rubric's tags.</summary>
    Text,

    /// <summary>No score could be read.</summary>
    Unparsed,
}
