namespace InstructLab.Aspire.Generation.Pipelines;

/// <summary>
/// The pipelines a job can name: the built-in ones, the files of a custom folder and files sent with the job (later
/// sources hide earlier ones of the same name), plus the flavours <c>simple</c> and <c>full</c>, each a built-in
/// pipeline per leaf kind.
/// </summary>
public sealed class PipelineLibrary
{
    public const string Simple = "simple";
    public const string Full = "full";

    private static readonly Dictionary<string, string[]> Flavours = new(StringComparer.Ordinal)
    {
        [Simple] = ["knowledge-simple", "freeform-skills-simple", "grounded-skills-simple"],
        [Full] = ["knowledge-full", "freeform-skills-full", "grounded-skills-full"],
    };

    private readonly Dictionary<string, PipelineSource> sources = new(StringComparer.Ordinal);

    public PipelineLibrary(params IEnumerable<IEnumerable<PipelineSource>> layers)
    {
        foreach (var source in layers.SelectMany(layer => layer))
        {
            sources[source.Name] = source;
        }
    }

    /// <summary>The pipelines that ship with the suite, read like any other file.</summary>
    public static IReadOnlyList<PipelineSource> Builtins { get; } = LoadBuiltins();

    /// <summary>Every <c>*.yaml</c> file of a folder, named by its file name without the extension.</summary>
    public static IEnumerable<PipelineSource> FromDirectory(string? directory)
    {
        if (directory is null or "" || !Directory.Exists(directory))
        {
            return [];
        }
        return Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(path =>
        {
            var info = new FileInfo(path);
            if (info.Length > PipelineReader.MaxFileLength)
            {
                throw new PipelineException(new SourceLocation(path, 1, 1), $"the file has {info.Length} bytes; a pipeline file may have at most {PipelineReader.MaxFileLength}");
            }
            return new PipelineSource(Path.GetFileNameWithoutExtension(path), path, File.ReadAllText(path));
        });
    }

    public IEnumerable<string> Names => sources.Keys.Concat(Flavours.Keys).Order(StringComparer.Ordinal);

    public PipelineSource? Find(string name) => sources.GetValueOrDefault(name);

    /// <summary>
    /// Reads and checks the pipelines named (flavours expanded), in order; the first that applies to a leaf's kind is
    /// the leaf's. Throws <see cref="PipelineException"/> for a wrong file, <see cref="ArgumentException"/> for an unknown name.
    /// </summary>
    public PipelineSelection Select(IReadOnlyList<string> names)
    {
        var used = new Dictionary<string, PipelineSource>(StringComparer.Ordinal);
        var reader = new PipelineReader(name =>
        {
            var source = Find(name);
            if (source is not null)
            {
                used[name] = source;
            }
            return source;
        });
        var pipelines = new List<Pipeline>();
        for (var i = 0; i < names.Count; i++)
        {
            foreach (var name in Flavours.TryGetValue(names[i], out var members) ? members : [names[i]])
            {
                var source = Find(name) ?? throw new ArgumentException(
                    $"pipelines[{i}]: unknown pipeline '{name}' (known: {string.Join(", ", Names)})");
                used[name] = source;
                pipelines.Add(reader.Read(source));
            }
        }
        return new PipelineSelection(pipelines, [.. used.Values]);
    }

    private static List<PipelineSource> LoadBuiltins()
    {
        var assembly = typeof(PipelineLibrary).Assembly;
        const string prefix = "pipelines/";
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(resource =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var file = resource[prefix.Length..];
            return new PipelineSource(Path.GetFileNameWithoutExtension(file), $"builtin:{file}", reader.ReadToEnd());
        })];
    }
}
