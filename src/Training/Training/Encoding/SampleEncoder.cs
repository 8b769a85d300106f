using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Jinja;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.Training.Data;

namespace InstructLab.Aspire.Training.Encoding;

/// <summary>
/// Renders a sample with the student's chat template, tokenizes it with llama.cpp's tokenizer (as serving does) and
/// labels the trained tokens: each assistant turn's content and the end-of-turn token after it; with <c>unmask</c>
/// user turns too; a <c>pretraining</c> turn whole (its text and EOS, outside the template). Role markers never.
/// </summary>
public sealed class SampleEncoder(ChatTemplate template, GgufTokenizer tokenizer)
{
    private readonly string eos = tokenizer.SpecialText(tokenizer.Eos);

    public EncodedSample Encode(TrainingLine line)
    {
        var text = new StringBuilder();
        var trained = new List<Range>();
        var messages = line.Messages;
        for (var i = 0; i < messages.Count;)
        {
            if (messages[i].Role == "pretraining")
            {
                var start = text.Length;
                text.Append(messages[i].Content).Append(eos);
                trained.Add(new Range(start, text.Length, ThroughEndOfTurn: false));
                i++;
                continue;
            }
            var end = i;
            while (end < messages.Count && messages[end].Role != "pretraining")
            {
                end++;
            }
            AppendConversation(line, i, end, text, trained);
            i = end;
        }

        var full = text.ToString();
        var tokens = tokenizer.TokenizeChat(full);
        var bytes = System.Text.Encoding.UTF8.GetBytes(full);
        var spans = TokenAligner.Spans(bytes, tokens, tokenizer, line.Where);
        var labels = new bool[tokens.Length];
        foreach (var range in trained)
        {
            Label(range, full, spans, tokens, labels);
        }
        return new EncodedSample(line.Id, tokens, labels);
    }

    /// <summary>
    /// Renders messages [from, to) and finds each trained message's content in it: the text message k adds is what
    /// rendering k + 1 messages adds to rendering k; the content is its last occurrence there.
    /// </summary>
    private void AppendConversation(TrainingLine line, int from, int to, StringBuilder text, List<Range> trained)
    {
        var offset = text.Length;
        var prefixes = new string[to - from + 1];
        prefixes[0] = "";
        for (var k = 1; k < prefixes.Length; k++)
        {
            prefixes[k] = Render(line, from, from + k);
        }
        var full = prefixes[^1];
        text.Append(full);
        var cursor = 0;
        for (var k = 0; k < to - from; k++)
        {
            var message = line.Messages[from + k];
            var stable = prefixes[k + 1].StartsWith(prefixes[k], StringComparison.Ordinal);
            var (regionStart, regionEnd) = stable ? (prefixes[k].Length, prefixes[k + 1].Length) : (cursor, full.Length);
            var (start, length) = Find(full, regionStart, regionEnd, message.Content, last: stable);
            if (start < 0)
            {
                throw new TrainingInputException(
                    $"{line.Where}: messages[{from + k}] ({message.Role}): the chat template does not write this message's content as it is, so its tokens cannot be labelled.");
            }
            cursor = start + length;
            if (message.Role == "assistant" || (line.Unmask && message.Role == "user"))
            {
                trained.Add(new Range(offset + start, offset + start + length, ThroughEndOfTurn: true));
            }
        }
    }

    private string Render(TrainingLine line, int from, int to)
    {
        var messages = new JsonArray();
        for (var i = from; i < to; i++)
        {
            messages.Add(new JsonObject { ["role"] = line.Messages[i].Role, ["content"] = line.Messages[i].Content });
        }
        try
        {
            return template.Render(messages, addGenerationPrompt: false, templateArguments: null);
        }
        catch (JinjaException e)
        {
            throw new TrainingInputException($"{line.Where}: the chat template refused this conversation: {e.Message}", e);
        }
    }

    private static (int Start, int Length) Find(string text, int start, int end, string content, bool last)
    {
        foreach (var candidate in new[] { content, content.Trim() })
        {
            var region = text.AsSpan(start, end - start);
            var found = last ? region.LastIndexOf(candidate, StringComparison.Ordinal) : region.IndexOf(candidate, StringComparison.Ordinal);
            if (found >= 0 && candidate.Length > 0)
            {
                return (start + found, candidate.Length);
            }
        }
        return (-1, 0);
    }

    /// <summary>
    /// Labels the tokens overlapping the range; for a turn, also the end-of-turn token after it when only whitespace
    /// lies between (and that whitespace: the model must write it to reach the end of its turn).
    /// </summary>
    private void Label(Range range, string text, (int Start, int End)[] spans, int[] tokens, bool[] labels)
    {
        var startByte = System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(0, range.Start));
        var endByte = startByte + System.Text.Encoding.UTF8.GetByteCount(text.AsSpan(range.Start, range.End - range.Start));
        var last = -1;
        for (var t = 0; t < tokens.Length; t++)
        {
            if (spans[t].End > spans[t].Start && spans[t].Start < endByte && spans[t].End > startByte)
            {
                labels[t] = true;
                last = t;
            }
        }
        if (!range.ThroughEndOfTurn || last < 0)
        {
            return;
        }
        for (var t = last + 1; t < tokens.Length; t++)
        {
            if (tokenizer.IsEndOfGeneration(tokens[t]))
            {
                for (var u = last + 1; u <= t; u++)
                {
                    labels[u] = true;
                }
                return;
            }
            if (!IsWhitespace(tokenizer.Piece(tokens[t])))
            {
                return;
            }
        }
    }

    private static bool IsWhitespace(byte[] piece) => piece.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\t' or (byte)'\r');

    private readonly record struct Range(int Start, int End, bool ThroughEndOfTurn);
}
