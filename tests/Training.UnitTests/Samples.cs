using System.Text.Json;
using InstructLab.Aspire.Training.Data;

namespace InstructLab.Aspire.Training.UnitTests;

/// <summary>Training lines written by tests, in InstructLab's format.</summary>
internal static class Samples
{
    public static TrainingLine Line(params (string Role, string Content)[] messages) => Line(false, messages);

    public static TrainingLine Line(bool unmask, params (string Role, string Content)[] messages) => new()
    {
        Id = "test",
        Messages = [.. messages.Select(m => new TrainingMessage(m.Role, m.Content))],
        Unmask = unmask,
        File = "test.jsonl",
        Line = 1,
    };

    /// <summary>Writes one JSON line per question and answer; returns the path.</summary>
    public static string WriteQa(string path, IEnumerable<(string Question, string Answer)> pairs, string? system = null)
    {
        File.WriteAllLines(path, pairs.Select(p => JsonSerializer.Serialize(new
        {
            id = p.Question,
            messages = (system is null ? Array.Empty<object>() : [new { role = "system", content = system }])
                .Concat([new { role = "user", content = p.Question }, new { role = "assistant", content = p.Answer }]),
            metadata = "{}",
            unmask = false,
        })));
        return path;
    }

    /// <summary>Small facts a 260K-parameter story model can learn, with rephrased questions held out.</summary>
    public static readonly (string Question, string Rephrased, string Answer)[] Facts =
    [
        ("What color is the sky in Lilyland?", "In Lilyland, what color is the sky?", "The sky in Lilyland is green."),
        ("Who is the king of Tomtown?", "Tell me who the king of Tomtown is.", "The king of Tomtown is a big cat named Max."),
        ("What does Ben like to eat?", "What food does Ben like?", "Ben likes to eat red apples."),
        ("Where does the little bird live?", "Where is the home of the little bird?", "The little bird lives in a tall tree."),
        ("What is the name of the blue dog?", "How is the blue dog called?", "The blue dog is called Spot."),
        ("What did Sue find in the park?", "In the park, what did Sue find?", "Sue found a shiny red ball."),
    ];
}
