using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Suite.V1;
using InstructLab.Aspire.Hosting.Endpoints;
using InstructLab.Aspire.Hub;
using InstructLab.Aspire.TestSupport;
using Microsoft.Extensions.Configuration;

namespace InstructLab.Aspire.Serving.IntegrationTests;

/// <summary>
/// Teacher and judge endpoints named without a model, as generation and judging configure them by default, against a
/// real serving: the suite's downloaded teacher when serving lists it (even after another), the model the suite's
/// settings name (<c>Models:Teacher</c>), and for a request's own server never the suite's model.
/// </summary>
public sealed class DefaultModelChoiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEndpointWithoutAModelGetsTheDownloadedTeacherWhenServedElseTheFirstAndTheSuitesSettingWhenSet()
    {
        var file = SharedFiles.RequireModel("stories260K.gguf");
        await using var withTeacher = await OwnServer.StartAsync(ServingServer.Options(
            ("a-first", new ServedModelOptions { Path = file }), (DefaultModels.Teacher.Id, new ServedModelOptions { Path = file })));
        await using var withoutTeacher = await OwnServer.StartAsync(ServingServer.Options(
            ("a-first", new ServedModelOptions { Path = file }), ("b-second", new ServedModelOptions { Path = file })));
        using var suite = Resolver(withTeacher);

        // Nothing named: the downloaded teacher, though serving lists a-first before it.
        var unnamed = new ChatEndpointSettings { ApiKey = ServingServer.ApiKey };
        Assert.Equal(DefaultModels.Teacher.Id, (await suite.GetAsync(null, unnamed, Ct)).Model);

        // The suite's setting (Models:Teacher) names one: that one.
        var named = new ChatEndpointSettings { ApiKey = ServingServer.ApiKey };
        named.UseSuiteModel("a-first");
        Assert.Equal("a-first", (await suite.GetAsync(null, named, Ct)).Model);

        // A request's own server without a model: never the suite's setting; the downloaded teacher if it has it, else its first.
        var own = new ChatEndpoint { Url = withTeacher.Client.BaseAddress!.ToString(), ApiKey = ServingServer.ApiKey };
        Assert.Equal(DefaultModels.Teacher.Id, (await suite.GetAsync(own, named, Ct)).Model);
        var other = new ChatEndpoint { Url = withoutTeacher.Client.BaseAddress!.ToString(), ApiKey = ServingServer.ApiKey };
        Assert.Equal("a-first", (await suite.GetAsync(other, named, Ct)).Model);

        // A configured setting for another endpoint is not overridden by the suite's model.
        var elsewhere = new ChatEndpointSettings { Url = withoutTeacher.Client.BaseAddress!.ToString(), ApiKey = ServingServer.ApiKey };
        elsewhere.UseSuiteModel(DefaultModels.Teacher.Id);
        Assert.Equal("a-first", (await suite.GetAsync(null, elsewhere, Ct)).Model);
    }

    [Fact]
    public async Task AServingWithoutModelsSaysHowToGiveItOne()
    {
        await using var empty = await OwnServer.StartAsync(ServingServer.Options());
        using var suite = Resolver(empty);

        var refused = await Assert.ThrowsAsync<ChatEndpointException>(() => suite.GetAsync(null, new ChatEndpointSettings { ApiKey = ServingServer.ApiKey }, Ct));

        Assert.Equal(404, refused.Status);
        Assert.Contains("(no model named) answered 404: it lists no model. The suite's serving serves what `lab model download` fetches", refused.Message);
        Assert.Contains("`lab model publish FILE --id ID`", refused.Message);
        Assert.Contains("the serving resource's Default models says how far", refused.Message);
    }

    /// <summary>The resolver a service of the suite has, its serving found through service discovery.</summary>
    private static ChatEndpointResolver Resolver(OwnServer serving) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"services:{ResourceNames.Serving}:http:0"] = serving.Client.BaseAddress!.ToString(),
        }).Build(),
        null!, new ChatCacheSettings(Enabled: false, TimeSpan.Zero));
}
