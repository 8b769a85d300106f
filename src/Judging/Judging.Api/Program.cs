using InstructLab.Aspire.Judging.Api;
using InstructLab.Aspire.Judging.Api.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddJudgingServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapGrpcService<JudgingGrpcService>();
app.MapGrpcService<EvaluationGrpcService>();

app.Run();
