using System.Text;
using System.Text.Json.Nodes;
using InstructLab.Aspire.Taxonomy.Model;
using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Yaml;

namespace InstructLab.Aspire.Taxonomy.Validation;

/// <summary>
/// Validates one qna.yaml as InstructLab does (file name, YAML as PyYAML reads it, schema version rules, the JSON
/// schema of that version) and lints it, reporting every finding at once with its position.
/// </summary>
public sealed class QnaValidator(YamlLimits limits)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public QnaValidator() : this(new YamlLimits())
    {
    }

    public YamlLimits Limits => limits;

    /// <summary>Reads and validates a file on disk; <paramref name="displayPath"/> names it in diagnostics.</summary>
    public FileReport ValidateFile(string path, string? displayPath = null)
    {
        var file = displayPath ?? path;
        var length = new FileInfo(path).Length;
        if (length > limits.MaxFileBytes)
        {
            return Failed(file, SourcePosition.Start, "limits", null,
                $"the file is {length:N0} bytes; the limit is {limits.MaxFileBytes:N0} (Taxonomy:Limits:MaxFileBytes)");
        }
        var attribution = File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, TaxonomyPaths.AttributionFile));
        return Validate(new QnaSource(file, File.ReadAllBytes(path), attribution));
    }

    public FileReport Validate(QnaSource source)
    {
        var file = source.File;
        var name = Path.GetFileName(file.Replace('\\', '/'));
        if (name != TaxonomyPaths.QnaFile)
        {
            return Failed(file, SourcePosition.Start, "file-name", null, $"a taxonomy file must be named \"{TaxonomyPaths.QnaFile}\"; \"{name}\" is not");
        }
        if (source.Bytes.LongLength > limits.MaxFileBytes)
        {
            return Failed(file, SourcePosition.Start, "limits", null,
                $"the file is {source.Bytes.LongLength:N0} bytes; the limit is {limits.MaxFileBytes:N0} (Taxonomy:Limits:MaxFileBytes)");
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(source.Bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            return Failed(file, SourcePosition.Start, "encoding", null, $"the file is not valid UTF-8 (byte {e.Index})");
        }

        var diagnostics = new List<Diagnostic>();
        var report = Check(file, text, source.HasAttribution, diagnostics);
        // InstructLab lints only files of schema version 2 and later; we lint all, but only those can fail its CI.
        diagnostics.AddRange(Linter.Check(file, text, ci: report.Version >= 2));
        return report with { Diagnostics = [.. diagnostics.OrderBy(d => d.Position.Line).ThenBy(d => d.Position.Column)] };
    }

    private FileReport Check(string file, string text, bool hasAttribution, List<Diagnostic> diagnostics)
    {
        var report = new FileReport { File = file, Diagnostics = diagnostics };
        YamlDocument document;
        JsonProjection projection;
        try
        {
            document = SourceTreeReader.Read(text, limits);
            if (IsEmpty(document.Root))
            {
                diagnostics.Add(new Diagnostic(file, SourcePosition.Start, DiagnosticSeverity.Warning, "empty-file", null, "the file is empty"));
                return report;
            }
            projection = JsonProjection.Of(document.Root!, limits);
        }
        catch (YamlReadException e)
        {
            diagnostics.Add(new Diagnostic(file, e.Position, DiagnosticSeverity.Error, e.Rule, null, e.Message));
            return report;
        }
        if (document.Root is not SourceMapping root || projection.Root is not JsonObject content)
        {
            diagnostics.Add(Error(file, document.Root!.Position, FieldPath.Top, "the top-level element is not a mapping of keys to values"));
            return report;
        }

        var version = Version(root);
        report = report with { Content = content, Kind = LeafKinds.Of(file, content), Version = (int)Math.Clamp(version, int.MinValue, int.MaxValue) };
        diagnostics.AddRange(document.Notices.Select(n => new Diagnostic(file, n.Position, DiagnosticSeverity.Warning, n.Rule, null, n.Message)
        {
            FailsCi = version >= 2 && n.Rule == "key-duplicates",
        }));
        var versionPosition = root.Entries.FirstOrDefault(e => e.Key == "version")?.KeyPosition ?? root.Position;
        if (version is < 1 or > SchemaCatalog.LatestVersion)
        {
            diagnostics.Add(Error(file, versionPosition, "version", $"there is no schema version {version}; versions are 1 to {SchemaCatalog.LatestVersion}"));
            return report;
        }
        var schemaKind = SchemaKindOf(file, content);
        if (schemaKind == SchemaKind.Knowledge && version < SchemaCatalog.FirstKnowledgeVersion)
        {
            diagnostics.Add(Error(file, versionPosition, "version",
                $"Version {version} is not supported for knowledge. Minimum supported version is {SchemaCatalog.FirstKnowledgeVersion}."));
            return report;
        }
        var violations = SchemaCatalog.Get((int)version, schemaKind).Evaluate(content);
        diagnostics.AddRange(SchemaMessages.Translate(violations, projection, file, (int)version, schemaKind));
        if (version >= 2 && !hasAttribution)
        {
            diagnostics.Add(new Diagnostic(file, SourcePosition.Start, DiagnosticSeverity.Warning, "attribution", null,
                $"{TaxonomyPaths.AttributionFile} is missing beside this file; InstructLab's CI requires it from schema version 2 on") { FailsCi = true });
        }
        return report;
    }

    /// <summary>What InstructLab calls an empty file: nothing, or a value Python finds falsy.</summary>
    private static bool IsEmpty(SourceNode? root) => root switch
    {
        null => true,
        SourceMapping mapping => mapping.Entries.Count == 0,
        SourceSequence sequence => sequence.Items.Count == 0,
        SourceScalar scalar => scalar.Value.Kind switch
        {
            YamlValueKind.Null => true,
            YamlValueKind.String => scalar.Text.Length == 0,
            YamlValueKind.Boolean => !scalar.Value.Boolean,
            YamlValueKind.Integer => !scalar.Value.IntegerOverflows && scalar.Value.Integer == 0,
            YamlValueKind.Float => scalar.Value.Float == 0,
            _ => false,
        },
        _ => false,
    };

    /// <summary>
    /// InstructLab's rule: the version key, else 1; a value that is not an integer but converts to one is used (the
    /// schema then reports its type), anything else falls back to 1.
    /// </summary>
    private static long Version(SourceMapping root) => root["version"] switch
    {
        null => 1,
        SourceScalar { Value: { Kind: YamlValueKind.Integer, IntegerOverflows: false } value } => value.Integer,
        SourceScalar { Value.Kind: YamlValueKind.Boolean } flag => flag.Value.Boolean ? 1 : 0,
        SourceScalar { Value.Kind: YamlValueKind.Float } number when double.IsFinite(number.Value.Float) => (long)number.Value.Float,
        SourceScalar text when long.TryParse(text.Text.Trim(), out var parsed) => parsed,
        _ => 1,
    };

    /// <summary>By the taxonomy folder (knowledge or compositional_skills), else by content, as InstructLab chooses.</summary>
    private static SchemaKind SchemaKindOf(string file, JsonObject content) => TaxonomyPaths.RootOf(file) switch
    {
        TaxonomyPaths.Knowledge => SchemaKind.Knowledge,
        TaxonomyPaths.CompositionalSkills => SchemaKind.CompositionalSkills,
        _ => content.ContainsKey("document") ? SchemaKind.Knowledge : SchemaKind.CompositionalSkills,
    };

    private static Diagnostic Error(string file, SourcePosition position, string field, string message) =>
        new(file, position, DiagnosticSeverity.Error, "schema", field, message);

    private static FileReport Failed(string file, SourcePosition position, string rule, string? field, string message) => new()
    {
        File = file,
        Diagnostics = [new Diagnostic(file, position, DiagnosticSeverity.Error, rule, field, message)],
    };
}
