using InstructLab.Aspire.AppHost.Infrastructure;
using InstructLab.Aspire.AppHost.Suite;
using InstructLab.Aspire.Contracts;
using InstructLab.Aspire.Contracts.Security;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers when a runtime answers, else local executables, or external servers (Infrastructure:Mode).
var infrastructure = SuiteInfrastructure.Create(builder);
var cache = infrastructure.AddCache(ResourceNames.Cache);
var messaging = infrastructure.AddMessaging(ResourceNames.Messaging);
var artifacts = infrastructure.AddArtifactStorage(ResourceNames.Artifacts);

// The five services, in the order data flows: serving is teacher and judge endpoint for the others.
var servingApiKey = infrastructure.GeneratedSecret("serving-api-key", length: 32);
// Every gRPC service takes calls only with the suite's key; the services and lab send it.
var suiteApiKey = infrastructure.GeneratedSecret(SuiteApiKey.ParameterName, length: 32);
var serving = builder.AddSuiteService<Projects.Serving_Api>(ResourceNames.Serving, cache, messaging, artifacts)
    .WithServingSettings(builder.Configuration, servingApiKey);
var taxonomy = builder.AddSuiteService<Projects.Taxonomy_Api>(ResourceNames.Taxonomy, cache, messaging, artifacts)
    .WithSuiteKey(suiteApiKey)
    .WithSettingsSection(builder.Configuration, "Taxonomy");
var judging = builder.AddSuiteService<Projects.Judging_Api>(ResourceNames.Judging, cache, messaging, artifacts)
    .WithReference(taxonomy)
    .WithReference(serving)
    .WithSuiteKey(suiteApiKey)
    .WithServingKey("Judging:Judge:ApiKey", servingApiKey)
    .WithServingKey("Judging:Evaluation:Serving:ApiKey", servingApiKey)
    .WithSettingsSection(builder.Configuration, "Judging");
var generation = builder.AddSuiteService<Projects.Generation_Api>(ResourceNames.Generation, cache, messaging, artifacts)
    .WithReference(taxonomy)
    .WithReference(judging)
    .WithReference(serving)
    .WithSuiteKey(suiteApiKey)
    .WithServingKey("Generation:Teacher:ApiKey", servingApiKey)
    .WithSettingsSection(builder.Configuration, "Generation")
    .WithGenerateCommand(suiteApiKey);
var training = builder.AddSuiteService<Projects.Training_Api>(ResourceNames.Training, cache, messaging, artifacts)
    .WithReference(generation)
    .WithReference(judging)
    .WithReference(serving)
    .WithSuiteKey(suiteApiKey)
    .WithSettingsSection(builder.Configuration, "Training")
    .WithReportLinks(infrastructure.GeneratedSecret("training-report-key", length: 32))
    .WithStartCycleCommand(suiteApiKey);
serving.WithPublishModelCommand(training, suiteApiKey);

builder.PublishEndpointsForCli(taxonomy, generation, judging, training, serving);

builder.Build().Run();
