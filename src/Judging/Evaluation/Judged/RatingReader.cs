using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstructLab.Aspire.ChatClients;

namespace InstructLab.Aspire.Evaluations.Judged;

/// <summary>
/// Reads a rating from a judge's answer: JSON <c>{rating}</c> (enforced with structured output, or found in the
/// text), else the last <c>[[n]]</c>, else the last <c>[n]</c> (FastChat's two patterns). A rating outside the
/// scale, or none, is an error with the reason; it is never guessed.
/// </summary>
public static partial class RatingReader
{
    public static (double? Rating, string Explanation, string? Error) Read(string answer, (int Min, int Max) scale)
    {
        if (JsonInText.Find(answer) is { } json && json["rating"] is JsonValue value)
        {
            var explanation = json["explanation"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : "";
            return value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number)
                ? InScale(number, explanation, scale)
                : (null, explanation, $"the rating {value.ToJsonString()} is not a number");
        }
        var match = DoubleBrackets().Matches(answer).LastOrDefault() ?? SingleBrackets().Matches(answer).LastOrDefault();
        if (match is null)
        {
            return (null, Shorten(answer), "no rating in the answer (neither JSON {\"rating\": n} nor [[n]])");
        }
        return InScale(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), answer[..match.Index].Trim(), scale);
    }

    private static (double?, string, string?) InScale(double rating, string explanation, (int Min, int Max) scale) =>
        rating >= scale.Min && rating <= scale.Max
            ? (rating, explanation, null)
            : (null, explanation, $"the rating {rating.ToString(CultureInfo.InvariantCulture)} is outside {scale.Min}-{scale.Max}");

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\[\[\s*(-?\d+(?:\.\d+)?)\s*\]\]")]
    private static partial Regex DoubleBrackets();

    [GeneratedRegex(@"\[\s*(-?\d+(?:\.\d+)?)\s*\]")]
    private static partial Regex SingleBrackets();
}
