namespace InstructLab.Aspire.Cli.Config;

/// <summary>A key of lab's configuration file: what it is the fallback of, and lab's own default.</summary>
/// <param name="Key">Dotted path in the YAML (<c>taxonomy.base</c>).</param>
/// <param name="Default">lab's default when neither a flag nor the file gives one ("" for none: the service decides).</param>
/// <param name="Options">The options and arguments it stands in for.</param>
internal sealed record ConfigKey(string Key, string Default, string Options);

/// <summary>Every key lab's configuration file may hold.</summary>
internal static class ConfigKeys
{
    public static readonly ConfigKey TaxonomyPath = new("taxonomy.path", ".", "the taxonomy of lab taxonomy validate|diff, lab data generate, lab cycle run");
    public static readonly ConfigKey TaxonomyBase = new("taxonomy.base", "origin/main", "--base of the same commands");
    public static readonly ConfigKey Teacher = new("models.teacher", "", "lab data generate --teacher-model, lab cycle run --teacher (empty: the suite's Models:Teacher, by default the downloaded teacher)");
    public static readonly ConfigKey Judge = new("models.judge", "", "lab data generate --judge-model, lab cycle run --judge (empty: the suite's Models:Judge, by default the teacher)");
    public static readonly ConfigKey Student = new("models.student", "", "lab cycle run --student (empty: the suite's Models:Student, by default the downloaded student)");
    public static readonly ConfigKey Pipeline = new("generate.pipeline", "", "lab data generate|cycle run --pipeline (empty: full)");
    public static readonly ConfigKey SamplesPerSeed = new("generate.samples_per_seed", "", "lab data generate|cycle run --samples-per-seed (empty: 4)");
    public static readonly ConfigKey BatchSize = new("generate.batch_size", "", "lab data generate --batch-size (empty: 4)");
    public static readonly ConfigKey MaxRowsPerLeaf = new("generate.max_rows_per_leaf", "", "lab data generate|cycle run --max-rows-per-leaf (empty: all)");
    public static readonly ConfigKey EndpointsFile = new("suite.endpoints_file", "", "--endpoints-file: where a running AppHost publishes its endpoints (empty: lab's default)");

    public static IReadOnlyList<ConfigKey> All { get; } =
        [TaxonomyPath, TaxonomyBase, Teacher, Judge, Student, Pipeline, SamplesPerSeed, BatchSize, MaxRowsPerLeaf, EndpointsFile];
}
