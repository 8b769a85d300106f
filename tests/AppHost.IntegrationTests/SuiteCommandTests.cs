using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Net.Client;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace InstructLab.Aspire.AppHost.IntegrationTests;

public sealed partial class SuiteTests
{
    /// <summary>The dashboard's "Start a LAB cycle…" on training, run as the dashboard runs it (its arguments by name).</summary>
    [Fact]
    public async Task TheStartCycleCommandStartsACycleAndSaysWhatIsWrongWithItsInputs()
    {
        var commands = suite.App.Services.GetRequiredService<ResourceCommandService>();
        // Under the suite's data folder, which the fixture lets the taxonomy service read (Taxonomy:AllowedLocalRoots).
        var (taxonomy, _, _) = SampleTaxonomy.Build(suite.Data.Combine($"command-{Guid.NewGuid():N}"), SampleTaxonomy.SynonymsLeaf);
        // A teacher for the cycle's generation: whatever serving lists first when none is configured.
        await PublishStoriesAsync("command-student");

        var noFolder = await commands.ExecuteCommandAsync(ResourceNames.Training, "start-cycle", Arguments("/no/such/taxonomy", "", ""), Cancel);
        Assert.False(noFolder.Success);
        Assert.Equal("Taxonomy: no folder /no/such/taxonomy on this machine (nor is it a git URL).", noFolder.Message);

        var started = await commands.ExecuteCommandAsync(ResourceNames.Training, "start-cycle",
            Arguments(taxonomy, "artifact:models/command-student/stories260K.gguf", "command-cycle"), Cancel);

        Assert.True(started.Success, started.Message);
        var id = System.Text.RegularExpressions.Regex.Match(started.Message!, @"Cycle ([0-9a-f-]{36}) started").Groups[1].Value;
        Assert.Contains($"lab cycle show {id} --watch", started.Message);
        using var channel = await SuiteHost.ChannelAsync(suite.App, ResourceNames.Training);
        var cycle = await new CycleService.CycleServiceClient(channel).GetAsync(new GetCycleRequest { Id = id }, cancellationToken: Cancel);
        Assert.Equal((taxonomy, "empty", "command-cycle"), (cycle.Taxonomy, cycle.Base, cycle.OutputModelId));
        Assert.Equal("artifact:models/command-student/stories260K.gguf", cycle.Student);
    }

    private static InteractionInputCollection Arguments(string taxonomy, string student, string output) => new(
    [
        new InteractionInput { Name = "taxonomy", InputType = InputType.Text, Value = taxonomy },
        new InteractionInput { Name = "base", InputType = InputType.Text, Value = "empty" },
        new InteractionInput { Name = "student", InputType = InputType.Text, Value = student },
        new InteractionInput { Name = "output", InputType = InputType.Text, Value = output },
    ]);
}
