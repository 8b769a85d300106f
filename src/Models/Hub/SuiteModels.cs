namespace InstructLab.Aspire.Hub;

/// <summary>
/// The <c>Models</c> section every service of the suite reads: where models are kept and which ones a request that names
/// none gets. Each id left empty means the downloaded default (<see cref="DefaultModels"/>), so a suite whose serving
/// downloaded them — or after <c>lab model download</c> — needs no model named anywhere.
/// </summary>
public sealed class SuiteModels
{
    public const string SectionName = "Models";

    /// <summary>The model folder: what <c>lab model download</c> fills and serving serves; empty: <see cref="DefaultDirectory"/>.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// The teacher on the suite's serving service (<c>Generation:Teacher:Model</c> wins); empty: the default teacher if
    /// serving lists it, else the first model serving lists.
    /// </summary>
    public string Teacher { get; set; } = "";

    /// <summary>The judge on the suite's serving service (<c>Judging:Judge:Model</c> wins); empty: <see cref="Teacher"/>'s choice.</summary>
    public string Judge { get; set; } = "";

    /// <summary>
    /// What a LAB cycle trains when it names no student (<c>Training:Cycle:Student</c> wins): a published id, a GGUF of
    /// the model folder by its id, artifact:KEY, a path or a URL; empty: the default student.
    /// </summary>
    public string Student { get; set; } = "";

    public string ResolvedDirectory => Directory is { Length: > 0 } configured ? configured : DefaultDirectory;

    public string ResolvedStudent => Student is { Length: > 0 } configured ? configured : DefaultModels.Student.Id;

    /// <summary>Where models are kept unless <c>Models:Directory</c> says otherwise.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "instructlab-aspire", "models");

    /// <summary>The GGUF of the model folder a model id stands for, when there is one.</summary>
    public string? FolderFile(string id)
    {
        if (id.Length == 0 || id.IndexOfAny(['/', '\\']) >= 0 || id.StartsWith('.'))
        {
            return null;
        }
        var path = Path.Combine(ResolvedDirectory, id + ".gguf");
        return File.Exists(path) ? path : null;
    }
}
