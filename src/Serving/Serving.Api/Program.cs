using InstructLab.Aspire.Serving.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServingServices();

var app = builder.Build();

app.UseServing();
app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapServing();

app.Run();
