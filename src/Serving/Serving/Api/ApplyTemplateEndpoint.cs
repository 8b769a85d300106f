using System.Text.Json.Nodes;
using InstructLab.Aspire.Serving.Catalog;
using InstructLab.Aspire.Serving.Templates;
using Microsoft.AspNetCore.Http;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>
/// <c>POST /apply-template</c>, as llama-server answers it: <c>{model, messages}</c> → <c>{prompt}</c>, the text
/// <c>/v1/chat/completions</c> would generate from. Evaluation scores chat-mode choices after it.
/// </summary>
internal static class ApplyTemplateEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, ModelCatalog catalog)
    {
        var request = await RequestReader.ReadAsync(http.Request.Body, http.RequestAborted);
        var messages = ChatMessages.Normalize(request.Node("messages"));
        using var lease = await catalog.AcquireAsync(request.String("model"), http.RequestAborted);
        var prompt = ChatCompletionEndpoint.Render(lease.Model, messages, request.Node("chat_template_kwargs") as JsonObject);
        return Results.Text(new JsonObject { ["prompt"] = prompt }.ToJsonString(), "application/json");
    }
}
