namespace InstructLab.Aspire.Hub;

/// <summary>A model the suite fetches when none is named, and what it is for.</summary>
/// <param name="Role">teacher (also the judge) or student.</param>
/// <param name="Repository">Its Hugging Face repository.</param>
/// <param name="Quantization">The GGUF of the repository to take (see <see cref="GgufChoice"/>).</param>
/// <param name="Id">
/// The id the suite knows it by: it is stored as <c>ID.gguf</c> in the model folder, so serving lists it under this id
/// and <see cref="SuiteModels"/> can name it before it is downloaded.
/// </param>
public sealed record DefaultModel(string Role, string Repository, string Quantization, string Id)
{
    public string FileName => Id + ".gguf";
}

/// <summary>
/// The suite's defaults, as <c>ilab model download</c> has its own: a small instruct model as teacher and judge, and a
/// smaller one the training engine supports (llama or qwen2 architecture) as student; both Apache-2.0. docs/models.md
/// says why these and what they weigh.
/// </summary>
public static class DefaultModels
{
    public static readonly DefaultModel Teacher = new("teacher", "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "q4_k_m", "qwen2.5-0.5b-instruct-q4_k_m");

    public static readonly DefaultModel Student = new("student", "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF", "q8_0", "smollm2-135m-instruct-q8_0");

    public static IReadOnlyList<DefaultModel> All { get; } = [Teacher, Student];

    /// <summary>Where a default's bytes are: the repository's GGUF of its quantization, to be stored under its id.</summary>
    /// <exception cref="HubException">The hub cannot be reached (the message says under which name to copy the file in) or refused.</exception>
    public static async Task<RemoteFile> ResolveAsync(HubClient hub, DefaultModel model, string revision, CancellationToken cancellationToken)
    {
        try
        {
            var chosen = GgufChoice.Pick(model.Repository, await hub.ListFilesAsync(model.Repository, revision, cancellationToken), model.Quantization);
            var file = await hub.ResolveAsync(model.Repository, chosen, revision, cancellationToken);
            return file with { Name = model.FileName };
        }
        catch (HubException e) when (e.InnerException is HttpRequestException offline)
        {
            // A copy made by hand is the default only under the default's id.
            throw new HubException($"{e.Message} Name the {model.Role}'s copy {model.FileName} (its {model.Quantization.ToUpperInvariant()} GGUF), "
                + $"the id the suite knows its default {model.Role} by.", offline);
        }
    }
}
