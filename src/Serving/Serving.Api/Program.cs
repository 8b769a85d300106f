using InstructLab.Aspire.Serving.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServingServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();

app.Run();
