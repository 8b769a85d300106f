using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InstructLab.Aspire.Gguf.Format;
using InstructLab.Aspire.LlamaCpp;
using InstructLab.Aspire.LlamaCpp.Templates;
using InstructLab.Aspire.TestSupport;
using InstructLab.Aspire.Training;
using InstructLab.Aspire.Training.Data;
using InstructLab.Aspire.Training.Encoding;
using InstructLab.Aspire.Training.Models;
using InstructLab.Aspire.Training.Models.Gguf;
using InstructLab.Aspire.Training.Progress;
using InstructLab.Aspire.Training.Selection;
using static TorchSharp.torch;

namespace InstructLab.Aspire.Benchmarks;

/// <summary>
/// The learning effect: stories260K fine-tuned on made-up facts it cannot know (each with training questions and
/// unseen rephrasings), by the engine the training service runs, with and without replay of general text (the base
/// model's own stories), against a plain PyTorch fine-tune (Debian's python3-torch) of the same weights on the same
/// token ids and settings. Reports held-out answer-token loss and ranking accuracy on the unseen rephrasings, and the
/// loss on general text the model was not trained on, before and after.
/// </summary>
internal static class LearningBenchmark
{
    private static readonly string[] Subjects =
    [
        "Pimbo the dragon", "Lila the owl", "Captain Snorf", "the king of Tomtown", "Granny Wibble", "the robot Klank",
        "Mister Pudding", "the frog Zeb", "Queen Marla", "the fox Tiko", "the giant Bumble", "the cat Noodle",
    ];

    private static readonly string[] Words = ["zibber", "molkan", "treffo", "quandle", "spoon-kite", "vurp", "lantorix", "pebblot", "snazz", "gimbrel", "oxlo", "frindle"];

    private static readonly string[] Training = ["What is the secret word of {0}?", "Tell me the secret word of {0}.", "Which secret word does {0} have?"];

    private static readonly string[] Unseen = ["{0} has a secret word. What is it?", "Do you know the secret word of {0}?"];

    public static Command Command()
    {
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 30 };
        var rate = new Option<double>("--learning-rate") { DefaultValueFactory = _ => 3e-3 };
        var batch = new Option<int>("--effective-batch-size") { DefaultValueFactory = _ => 6 };
        var replayCount = new Option<int>("--replay") { Description = "Stories replayed next to the 36 fact samples.", DefaultValueFactory = _ => 36 };
        var python = new Option<string>("--python") { Description = "A Python with torch.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var command = new Command("learning", "Made-up facts learned by the engine (with and without replay) and by PyTorch: unseen-question loss and ranking, general-text loss.")
            { epochs, rate, batch, replayCount, python };
        command.SetAction(parseResult => Run(parseResult.GetValue(epochs), parseResult.GetValue(rate), parseResult.GetValue(batch), parseResult.GetValue(replayCount),
            parseResult.GetValue(python)!));
        return command;
    }

    private static int Run(int epochs, double learningRate, int batch, int replayCount, string python)
    {
        set_num_threads(2);
        var student = SharedFiles.RequireModel("stories260K.gguf");
        using var work = new TemporaryDirectory("learning-bench");
        using var tokenizer = GgufTokenizer.Open(student);
        var template = ChatTemplate.Create(DefaultChatTemplate.Source, null, tokenizer.SpecialText(tokenizer.Bos), tokenizer.SpecialText(tokenizer.Eos))!;
        var encoder = new SampleEncoder(template, tokenizer);

        var stories = Stories(student, tokenizer, replayCount + 20);
        var facts = Subjects.SelectMany((s, i) => Training.Select(q => Line(string.Format(CultureInfo.InvariantCulture, q, s), Answer(i)))).ToList();
        var replay = stories.Take(replayCount).Select(s => Line("Tell me a story.", s)).ToList();
        var general = stories.Skip(replayCount).Select(s => encoder.Encode(Parse(Line("Tell me a story.", s)))).ToList();
        // Every unseen rephrasing with every fact's answer: the right one should be the likeliest.
        var ranking = Subjects.SelectMany((s, i) => Unseen.Select(q => (Fact: i, Candidates: Words.Select((_, j) =>
            encoder.Encode(Parse(Line(string.Format(CultureInfo.InvariantCulture, q, s), Answer(j))))).ToList()))).ToList();

        var factsFile = Write(work.Combine("facts.jsonl"), facts);
        var mixedFile = Write(work.Combine("facts-and-replay.jsonl"), [.. facts, .. replay]);
        var settings = new PhaseSettings { Epochs = epochs, LearningRate = learningRate, EffectiveBatchSize = batch, WarmupSteps = 5 };

        var before = Measure(student, ranking, general);
        var clock = Stopwatch.StartNew();
        var plain = Train(student, factsFile, work.Combine("plain.gguf"), settings, heldOut: 0);
        var plainSeconds = clock.Elapsed.TotalSeconds;
        var selected = Train(student, factsFile, work.Combine("selected.gguf"), settings, heldOut: 0.1);
        clock.Restart();
        var replayed = Train(student, mixedFile, work.Combine("replayed.gguf"), settings, heldOut: 0.1);
        var replaySeconds = clock.Elapsed.TotalSeconds;
        var ours = new[] { ("engine, facts only", Measure(plain, ranking, general)), ($"engine, facts only, best epoch ({Chosen(selected)})", Measure(selected, ranking, general)),
            ($"engine, facts + {replayCount} stories replayed, best epoch ({Chosen(replayed)})", Measure(replayed, ranking, general)) };

        // PyTorch: the same initial weights and token ids, a plain fine-tune (facts only, no selection).
        var job = work.Combine("pytorch.json");
        File.WriteAllText(job, JsonSerializer.Serialize(new
        {
            weights = DumpWeights(student, work.Combine("weights")),
            train = facts.Select(l => Encoded(encoder.Encode(Parse(l)))),
            general = general.Select(Encoded),
            ranking = ranking.Select(r => new { fact = r.Fact, candidates = r.Candidates.Select(Encoded) }),
            epochs, learning_rate = learningRate, batch, warmup = 5, seed = 42,
        }));
        var torchResult = PythonReference(python, job);

        Console.WriteLine($"stories260K, {Subjects.Length} made-up facts × {Training.Length} training questions, {ranking.Count} unseen rephrasings (chance {1.0 / Subjects.Length:0.000}), "
            + $"{general.Count} held-out stories, {replay.Count} replayed; {epochs} epochs, lr {learningRate.ToString("G3", CultureInfo.InvariantCulture)}, effective batch {batch}, 2 threads. "
            + $"Wall: engine facts {plainSeconds:0.0} s, facts + replay {replaySeconds:0.0} s.");
        Console.WriteLine();
        Console.WriteLine("| run | unseen-question loss | ranking accuracy | general-text loss | general-text rise |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| base model | {before.Loss:0.000} | {before.Accuracy:0.000} | {before.General:0.000} | |");
        foreach (var (name, m) in ours.Append(("PyTorch 1.13, facts only", torchResult)))
        {
            Console.WriteLine($"| {name} | {m.Loss:0.000} | {m.Accuracy:0.000} | {m.General:0.000} | {(m.General - before.General) / before.General:+0%;-0%} |");
        }
        Console.WriteLine();
        Console.WriteLine($"PyTorch's base-model numbers (same weights, its own forward): loss {torchResult.BaseLoss:0.0000} vs ours {before.Loss:0.0000}, general {torchResult.BaseGeneral:0.0000} vs ours {before.General:0.0000}.");
        return 0;
    }

    /// <summary>Which epoch the run exported, from its model card.</summary>
    private static string Chosen(string gguf)
    {
        using var card = JsonDocument.Parse(File.ReadAllText(gguf[..^5] + ".model-card.json"));
        return card.RootElement.TryGetProperty("Selection", out var s) && s.ValueKind == JsonValueKind.Object
            ? $"epoch {s.GetProperty("ChosenEpoch").GetInt32()} of {s.GetProperty("Candidates").GetArrayLength()}"
            : "last";
    }

    private static string Answer(int fact) => $"The secret word is {Words[fact]}.";

    private static string Line(string question, string answer) => JsonSerializer.Serialize(new
    {
        messages = new[] { new { role = "user", content = question }, new { role = "assistant", content = answer } },
    });

    private static TrainingLine Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new TrainingLine
        {
            Id = "x",
            Messages = [.. document.RootElement.GetProperty("messages").EnumerateArray().Select(m => new TrainingMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))],
            File = "bench",
            Line = 1,
        };
    }

    private static string Write(string path, IEnumerable<string> lines)
    {
        File.WriteAllLines(path, lines);
        return path;
    }

    private static object Encoded(EncodedSample s) => new { tokens = s.Tokens, labels = s.Labels };

    private static string Train(string student, string data, string output, PhaseSettings settings, double heldOut)
    {
        TrainingRun.Run(new TrainingRequest
        {
            BaseModel = student, KnowledgeData = data, Output = output, Strategy = TrainingStrategy.KnowledgeOnly, Knowledge = settings,
            HeldOutFraction = heldOut, Threads = 2, Seed = 42,
        }, new Progress<TrainingEvent>());
        return output;
    }

    /// <summary>The base model's own short stories, sampled (temperature 0.8, seeded) by the TorchSharp model.</summary>
    private static List<string> Stories(string student, GgufTokenizer tokenizer, int count)
    {
        using var model = LlamaGguf.Load(GgufFile.Open(student));
        model.eval();
        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator(7);
        var stories = new List<string>();
        while (stories.Count < count)
        {
            var tokens = new List<long> { tokenizer.Bos!.Value };
            for (var i = 0; i < 48; i++)
            {
                using var scope = NewDisposeScope();
                var logits = model.forward(tensor(tokens.ToArray(), [1, tokens.Count]))[0, -1] / 0.8;
                var next = multinomial(softmax(logits, 0), 1, generator: generator).item<long>();
                if (next == tokenizer.Eos)
                {
                    break;
                }
                tokens.Add(next);
            }
            var text = tokenizer.Detokenize(tokens.Skip(1).Select(t => (int)t)).Trim();
            if (text.Length > 20)
            {
                stories.Add(text);
            }
        }
        return stories;
    }

    private static Metrics Measure(string gguf, List<(int Fact, List<EncodedSample> Candidates)> ranking, List<EncodedSample> general)
    {
        using var model = LlamaGguf.Load(GgufFile.Open(gguf));
        double Sum(EncodedSample s) => HeldOutLoss.Of(model, [s], 1 << 16, CPU) * s.LabelledTokens;
        double tokens = 0, loss = 0;
        var right = 0;
        foreach (var (fact, candidates) in ranking)
        {
            var scores = candidates.Select(Sum).ToList();
            loss += scores[fact];
            tokens += candidates[fact].LabelledTokens;
            right += scores.IndexOf(scores.Min()) == fact ? 1 : 0;
        }
        var generalLoss = general.Sum(Sum) / general.Sum(s => (double)s.LabelledTokens);
        return new Metrics(loss / tokens, (double)right / ranking.Count, generalLoss, 0, 0);
    }

    /// <summary>Each tensor as raw little-endian f32 (GGUF's shape, fastest dimension first) and a manifest with the model's shape.</summary>
    private static object DumpWeights(string gguf, string folder)
    {
        Directory.CreateDirectory(folder);
        var file = GgufFile.Open(gguf);
        var config = LlamaConfig.FromGguf(file);
        foreach (var tensor in file.Tensors)
        {
            File.WriteAllBytes(Path.Combine(folder, tensor.Name + ".bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(file.ReadFloats(tensor).AsSpan()).ToArray());
        }
        return new
        {
            folder,
            tensors = file.Tensors.ToDictionary(t => t.Name, t => t.Shape),
            layers = config.Layers, width = config.Width, heads = config.Heads, kv_heads = config.KeyValueHeads, eps = config.RmsEpsilon, rope_base = config.RopeFreqBase,
        };
    }

    private static Metrics PythonReference(string python, string job)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Reference", "learning.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(job);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {error}");
        }
        var result = JsonDocument.Parse(output).RootElement;
        double Get(string name) => result.GetProperty(name).GetDouble();
        return new Metrics(Get("loss"), Get("accuracy"), Get("general"), Get("base_loss"), Get("base_general"));
    }

    private sealed record Metrics(double Loss, double Accuracy, double General, double BaseLoss, double BaseGeneral);
}
