using System.Net;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace InstructLab.Aspire.Training.Api.Reports;

/// <summary>A training report's Markdown as one HTML page, its curves image served beside it under the same signed query.</summary>
public static class ReportPage
{
    /// <summary>Tables as GitHub renders them; raw HTML in the Markdown is shown as text (model ids and file names are the user's).</summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static string Render(string markdown, string curvesFileName, string title, string signedQuery)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && l.Url == curvesFileName))
        {
            // The page is /jobs/ID/report: a relative link keeps host and port as the browser sees them.
            image.Url = $"report/curves.png?{signedQuery}";
        }
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}")
            .Append("table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}")
            .Append("th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2rem}img{max-width:100%;border:1px solid #ddd}")
            .Append("footer{margin-top:2rem;color:#666;font-size:.85rem}</style></head><body><main>")
            .Append(document.ToHtml(Pipeline))
            .Append("</main><footer>Also as <a href=\"report/report.md?").Append(signedQuery).Append("\">Markdown</a> and <a href=\"report/report.json?")
            .Append(signedQuery).Append("\">JSON</a> (every step's loss and learning rate).</footer></body></html>");
        return html.ToString();
    }
}
