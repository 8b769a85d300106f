using InstructLab.Aspire.Contracts.Suite.V1;

namespace InstructLab.Aspire.Hosting.Endpoints;

/// <summary>How a job's plan writes an endpoint's structured-output mode: auto, always or never.</summary>
public static class StructuredOutputNames
{
    public static string Name(StructuredOutput mode) => mode switch
    {
        StructuredOutput.Always => "always",
        StructuredOutput.Never => "never",
        _ => "auto",
    };

    public static StructuredOutput Parse(string name) => name switch
    {
        "always" => StructuredOutput.Always,
        "never" => StructuredOutput.Never,
        _ => StructuredOutput.Auto,
    };
}
