using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Training.Api.Jobs;
using InstructLab.Aspire.Training.Api.StateMachines;

namespace InstructLab.Aspire.Training.Api.Reports;

/// <summary>
/// A completed job's training report over HTTP, for a browser: <c>/jobs/ID/report</c> (the Markdown as a page with its
/// loss-curve image), <c>…/report/curves.png</c>, <c>…/report/report.md</c>, <c>…/report/report.json</c>. Every request
/// needs the link's signature (<see cref="ReportLinks"/>); the files come from the artifact store, so any instance answers.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapTrainingReports(this IEndpointRouteBuilder app)
    {
        var report = app.MapGroup("/jobs/{id:guid}/report").AddEndpointFilter(RequireSignatureAsync);
        report.MapGet("", PageAsync);
        report.MapGet("/curves.png", (Guid id, TrainingIndex jobs, IArtifactStore store, CancellationToken cancellationToken) =>
            FileAsync(id, jobs, store, m => m.CurvesKey, "image/png", cancellationToken));
        report.MapGet("/report.md", (Guid id, TrainingIndex jobs, IArtifactStore store, CancellationToken cancellationToken) =>
            FileAsync(id, jobs, store, m => m.ReportMarkdownKey, "text/markdown; charset=utf-8", cancellationToken));
        report.MapGet("/report.json", (Guid id, TrainingIndex jobs, IArtifactStore store, CancellationToken cancellationToken) =>
            FileAsync(id, jobs, store, m => m.ReportKey, "application/json", cancellationToken));
        return app;
    }

    private static async ValueTask<object?> RequireSignatureAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = Guid.Parse((string)http.Request.RouteValues["id"]!);
        if (!http.RequestServices.GetRequiredService<ReportLinks>().IsValid(id, http.Request.Query["expires"], http.Request.Query["signature"]))
        {
            return Results.Text($"This link to the training report of job {id} is not signed by this suite or has expired: `lab train show {id}` prints a fresh one.",
                statusCode: StatusCodes.Status403Forbidden);
        }
        // The signature stays on this page: no referrer, no caching by anyone but the browser, nothing but its own image loaded.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, max-age=300";
        return await next(context);
    }

    private static async Task<IResult> PageAsync(Guid id, HttpRequest request, TrainingIndex jobs, IArtifactStore store, CancellationToken cancellationToken)
    {
        var (model, missing) = await PublishedAsync(id, jobs);
        if (model is null)
        {
            return missing!;
        }
        var markdown = System.Text.Encoding.UTF8.GetString(await store.ReadBytesAsync(model.ReportMarkdownKey, cancellationToken));
        var query = $"expires={Uri.EscapeDataString(request.Query["expires"].ToString())}&signature={Uri.EscapeDataString(request.Query["signature"].ToString())}";
        var html = ReportPage.Render(markdown, Path.GetFileName(model.CurvesKey), $"{model.ModelId} v{model.Version}: training report", query);
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static async Task<IResult> FileAsync(Guid id, TrainingIndex jobs, IArtifactStore store, Func<Contracts.Messages.Training.PublishedModelKeys, string> key,
        string contentType, CancellationToken cancellationToken)
    {
        var (model, missing) = await PublishedAsync(id, jobs);
        return model is null ? missing! : Results.Bytes(await store.ReadBytesAsync(key(model), cancellationToken), contentType);
    }

    private static async Task<(Contracts.Messages.Training.PublishedModelKeys? Model, IResult? Missing)> PublishedAsync(Guid id, TrainingIndex jobs)
    {
        var job = await jobs.GetAsync(id);
        return job switch
        {
            null => (null, Results.Text($"No training job {id}.", statusCode: StatusCodes.Status404NotFound)),
            { Model: { } model } => (model, null),
            _ => (null, Results.Text($"Training job {id} is {Describe(job)}: its report is written when it completes.", statusCode: StatusCodes.Status404NotFound)),
        };
    }

    private static string Describe(TrainingJobSaga job) => job.CurrentState switch
    {
        nameof(TrainingJobStateMachine.Done) => "completed",
        nameof(TrainingJobStateMachine.Selecting) or nameof(TrainingJobStateMachine.Publishing) => "selecting its best checkpoint",
        var state => state.ToLowerInvariant(),
    };
}
