using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace InstructLab.Aspire.Taxonomy.Documents;

/// <summary>Turns document bytes into text: Markdown and plain text as they are, PDF through PdfPig.</summary>
public static class DocumentText
{
    public static readonly IReadOnlyList<string> Supported = [".md", ".markdown", ".txt", ".pdf"];

    public static string Extract(string path, byte[] bytes)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".md" or ".markdown" or ".txt" => Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').ReplaceLineEndings("\n"),
            ".pdf" => Pdf(path, bytes),
            _ => throw new DocumentException(
                $"document '{path}': '{extension}' files are not supported; supported are {string.Join(", ", Supported)}"),
        };
    }

    private static string Pdf(string path, byte[] bytes)
    {
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            return string.Join("\n\n", pdf.GetPages().Select(page => ContentOrderTextExtractor.GetText(page).Trim()));
        }
        catch (Exception e) when (e is not DocumentException)
        {
            throw new DocumentException($"document '{path}' is not a readable PDF: {e.Message}");
        }
    }
}
