namespace InstructLab.Aspire.AppHost.IntegrationTests;

/// <summary>Tests that start an AppHost of their own run one after another: two suites at once beside the shared one overload two cores.</summary>
public static class OwnSuites
{
    public const string Collection = "own suites";
}
