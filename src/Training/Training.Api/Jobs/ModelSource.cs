namespace InstructLab.Aspire.Training.Api.Jobs;

public enum ModelSourceKind
{
    Artifact,
    Url,
    Path,
}

/// <summary>
/// Where a job's base model comes from, resolved at submit: an artifact-store key (a published model id resolves to
/// its newest version's key), an http(s) URL, or a local path. <see cref="Label"/> is what lists and cards show.
/// </summary>
public sealed record ModelSource(ModelSourceKind Kind, string Location, string Label);
