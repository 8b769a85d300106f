using InstructLab.Aspire.Generation.Api;
using InstructLab.Aspire.Generation.Api.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGenerationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapGrpcService<GenerationGrpcService>();

app.Run();
