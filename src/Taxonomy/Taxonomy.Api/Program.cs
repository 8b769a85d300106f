using InstructLab.Aspire.Taxonomy.Api;
using InstructLab.Aspire.Taxonomy.Api.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTaxonomyServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapGrpcService<TaxonomyGrpcService>();

app.Run();
