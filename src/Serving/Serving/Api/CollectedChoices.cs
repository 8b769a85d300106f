using System.Text;
using InstructLab.Aspire.Serving.Inference;

namespace InstructLab.Aspire.Serving.Api;

/// <summary>A run's choices read to the end, for a non-streamed response: text, log-probabilities and finish reason of each.</summary>
internal sealed class CollectedChoices
{
    private CollectedChoices(int count)
    {
        Texts = [.. Enumerable.Range(0, count).Select(_ => new StringBuilder())];
        Logprobs = [.. Enumerable.Range(0, count).Select(_ => new List<TokenLogprob>())];
        Reasons = new string[count];
        Echoes = new IReadOnlyList<TokenLogprob>?[count];
    }

    public StringBuilder[] Texts { get; }

    public List<TokenLogprob>[] Logprobs { get; }

    public string[] Reasons { get; }

    /// <summary>Each choice's prompt log-probabilities, when echoed with logprobs.</summary>
    public IReadOnlyList<TokenLogprob>?[] Echoes { get; }

    public static async Task<CollectedChoices> ReadAsync(GenerationRun run)
    {
        var choices = new CollectedChoices(run.Choices);
        await foreach (var item in run.ReadAllAsync())
        {
            switch (item)
            {
                case TextGenerated text:
                    choices.Texts[text.Choice].Append(text.Text);
                    if (text.Logprob is { } logprob)
                    {
                        choices.Logprobs[text.Choice].Add(logprob);
                    }
                    break;
                case PromptEchoed echo:
                    choices.Echoes[echo.Choice] = echo.Logprobs;
                    break;
                case ChoiceFinished done:
                    choices.Reasons[done.Choice] = done.Reason;
                    break;
            }
        }
        return choices;
    }
}
