using InstructLab.Aspire.Training.Api;
using InstructLab.Aspire.Training.Api.Grpc;
using InstructLab.Aspire.Training.Api.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTrainingServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapGrpcService<TrainingGrpcService>();
app.MapGrpcService<CycleGrpcService>();
app.MapTrainingReports();

app.Run();
