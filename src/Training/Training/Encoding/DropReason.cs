namespace InstructLab.Aspire.Training.Encoding;

/// <summary>Why a sample was left out of training; counted per reason in the report.</summary>
public enum DropReason
{
    TooLong,
    TooShort,
    NothingToLearn,
}
