using System.Text.Json;
using System.Text.Json.Nodes;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Messages.Generation;
using InstructLab.Aspire.Generation.Pipelines;
using InstructLab.Aspire.Judging;

namespace InstructLab.Aspire.Generation.MmluBranch;

/// <summary>
/// MMLU-branch questions of a knowledge leaf, written next to its training data: for each document chunk the teacher
/// writes multiple-choice questions (four options, one right, answerable from the chunk alone); the judge answers
/// each from the chunk without being told the answer (rubric <c>mc_answer</c>), and a question is kept only when the
/// judge picks the intended option. Evaluation scores model and base on them per leaf.
/// </summary>
public static class MmluBranchQuestions
{
    public const string Stage = "mmlu_branch";
    public const int Choices = 4;
    private static readonly string[] Letters = ["A", "B", "C", "D"];

    private static readonly JsonObject Schema = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["question"] = new JsonObject { ["type"] = "string", ["minLength"] = 8, ["maxLength"] = 400 },
            ["choices"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200 },
                ["minItems"] = Choices,
                ["maxItems"] = Choices,
            },
            ["answer"] = new JsonObject { ["enum"] = new JsonArray(0, 1, 2, 3) },
        },
        ["required"] = new JsonArray("question", "choices", "answer"),
        ["additionalProperties"] = false,
    };

    /// <summary>The questions of a batch's chunks (rows with a <c>document</c>), and what making them took, as a stage.</summary>
    public static async Task<(IReadOnlyList<JsonObject> Questions, GenerationStatistics Statistics)> WriteAsync(
        string leaf, IReadOnlyList<JsonObject> rows, int perChunk, IChatEndpoint teacher, IJudge judge, long seed, CancellationToken cancellationToken)
    {
        var structured = await teacher.UsesStructuredOutputAsync(cancellationToken);
        var asked = rows.SelectMany(row => Enumerable.Range(0, perChunk).Select(n => (Row: row, N: n))).ToList();
        var answers = await Task.WhenAll(asked.Select(a => AskAsync(leaf, a.Row, a.N, teacher, structured, seed, cancellationToken)));
        var written = answers.Where(a => a.Question is not null).Select(a => a.Question!).ToList();
        var judgments = written.Count == 0 ? [] : await judge.JudgeAsync("mc_answer",
            [.. written.Select(q => new JudgeInput((string)q["id"]!, Render(q), "", (string)q["context"]!, ""))], cancellationToken);
        var kept = written.Where((q, i) => judgments[i].Status != ParseStatus.Unparsed && judgments[i].Label == Letters[(int)q["answer"]!]).ToList();
        var statistics = new GenerationStatistics
        {
            TeacherCalls = answers.Count(a => a.Answer is { FromCache: false }),
            CachedCalls = answers.Count(a => a.Answer is { FromCache: true }),
            TeacherTokens = answers.Where(a => a.Answer is { FromCache: false }).Sum(a => (long)a.Answer!.CompletionTokens),
            JudgeCalls = judgments.Count(j => !j.FromCache),
            Stages =
            [
                new StageStatistics
                {
                    Name = Stage,
                    Type = Stage,
                    RowsIn = asked.Count,
                    RowsOut = kept.Count,
                    Unparsed = answers.Count(a => a.Question is null),
                    Refused = written.Count - kept.Count,
                },
            ],
        };
        return (kept, statistics);
    }

    /// <summary>The question with its options lettered, as MMLU shows them and the judge reads them.</summary>
    public static string Render(JsonObject question)
    {
        var choices = (JsonArray)question["choices"]!;
        return (string)question["question"]! + string.Concat(choices.Select((c, i) => $"\n{Letters[i]}. {(string)c!}"));
    }

    private static async Task<(JsonObject? Question, ChatAnswer? Answer)> AskAsync(string leaf, JsonObject row, int n, IChatEndpoint teacher, bool structured,
        long seed, CancellationToken cancellationToken)
    {
        var document = Condition.Text(row["document"]);
        var id = $"{Condition.Text(row[Columns.Id])}.{n}";
        var format = structured
            ? "Reply with a JSON object: question, choices (four strings), answer (the index, 0 to 3, of the right choice)."
            : "Reply with one JSON object: {\"question\": \"...\", \"choices\": [\"...\", \"...\", \"...\", \"...\"], \"answer\": 0}, answer being the index of the right choice.";
        ChatAnswer answer;
        try
        {
            answer = await teacher.CompleteAsync(new ChatCall
            {
                Messages =
                [
                    ChatTurn.System("You write exam questions that test whether a reader learned a document."),
                    ChatTurn.User($"[Document]\n{document}\n[End of document]\n\nWrite one multiple-choice question about a fact this document states. Give four options: exactly one is right according to the document, the other three are plausible but wrong. The question must make sense without the document in front of the reader.\n\n{format}"),
                ],
                Temperature = 0.7f,
                TopP = 1,
                MaxTokens = 600,
                Seed = SamplingSeeds.Derive(seed, leaf, Stage, id),
                Schema = Schema,
                SchemaName = Stage,
            }, cancellationToken);
        }
        catch (ChatEndpointException e) when (e.ContextLengthExceeded)
        {
            return (null, null);
        }
        return (Read(answer.Content, leaf, id, row, document), answer);
    }

    /// <summary>The question from the teacher's answer; null unless it has a question, four distinct options and an index.</summary>
    private static JsonObject? Read(string content, string leaf, string id, JsonObject row, string document)
    {
        if (JsonInText.Find(content) is not { } json
            || json["question"] is not JsonValue question || question.GetValueKind() != JsonValueKind.String || question.GetValue<string>().Trim().Length == 0
            || json["choices"] is not JsonArray { Count: Choices } choices
            || choices.Any(c => c is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Trim().Length == 0)
            || choices.Select(c => c!.GetValue<string>().Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Choices
            || json["answer"] is not JsonValue answer || !answer.TryGetValue<int>(out var index) || index is < 0 or >= Choices)
        {
            return null;
        }
        return new JsonObject
        {
            ["id"] = id,
            ["leaf"] = leaf,
            ["question"] = question.GetValue<string>().Trim(),
            ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)c!.GetValue<string>().Trim())]),
            ["answer"] = index,
            ["source_file"] = Condition.Text(row["source_file"]),
            ["chunk_index"] = row["chunk_index"]?.DeepClone(),
            ["context"] = document,
        };
    }
}
