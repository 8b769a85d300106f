using System.Text.RegularExpressions;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.ChatClients;
using InstructLab.Aspire.Contracts.Security;
using InstructLab.Aspire.Hosting.Security;
using InstructLab.Aspire.Hub;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Jobs;

/// <summary>
/// Base models: what a request's <c>base_model</c> names (checked at submit, each problem naming the field) and the
/// local file a worker trains from, downloaded once into <c>WorkDirectory/models/</c> (keyed by source and version).
/// A model id is a published model's newest version, else the model folder's GGUF of that name (<c>Models:Directory</c>,
/// where <c>lab model download</c> and serving's first-start download put the defaults).
/// </summary>
public sealed partial class ModelSources(IArtifactStore store, ArtifactCache cache, IOptions<TrainingOptions> options, IOptions<SuiteModels> suiteModels,
    IConfiguration configuration)
{
    public const string ArtifactPrefix = "artifact:";

    private TrainingOptions Options => options.Value;

    /// <summary>The id a student's training is published as when none is given: its id or file name with <c>-lab</c>.</summary>
    public static string DefaultOutputId(string student)
    {
        var name = student.StartsWith(ArtifactPrefix, StringComparison.Ordinal) || student.Contains('/')
            ? Path.GetFileNameWithoutExtension(student.TrimEnd('/').Split('/')[^1])
            : student;
        var id = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).Trim('-', '.', '_');
        return $"{(id.Length > 0 ? id : "student")}-lab";
    }

    /// <summary>The id a published model goes by: letters, digits and <c>. _ - :</c>, at most 128, starting with a letter or digit.</summary>
    public static bool IsModelId(string id) => ModelIdPattern().IsMatch(id);

    public async Task<ModelSource> ResolveAsync(string baseModel, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(baseModel))
        {
            throw new ArgumentException("base_model: required (artifact:KEY, a model id this suite published or of the model folder, an absolute path or an http(s) URL).");
        }
        if (baseModel.StartsWith(ArtifactPrefix, StringComparison.Ordinal))
        {
            var key = baseModel[ArtifactPrefix.Length..];
            var info = await store.StatAsync(key, cancellationToken)
                ?? throw new ArgumentException($"base_model: the artifact store has no '{key}'.");
            CheckSize(info.Size, baseModel);
            return new ModelSource(ModelSourceKind.Artifact, key, baseModel);
        }
        if (baseModel.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || baseModel.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var url = OutboundUrls.Check(baseModel, "base_model", configuration.GetSection(OutboundUrls.AllowListSetting).Get<string[]>());
            return new ModelSource(ModelSourceKind.Url, url.ToString(), OutboundUrls.Redact(baseModel));
        }
        if (baseModel.StartsWith('/'))
        {
            var path = LocalPaths.Check(baseModel, "base_model", Options.AllowedLocalRoots, "Training:AllowedLocalRoots");
            if (!File.Exists(path))
            {
                throw new ArgumentException($"base_model: {baseModel} does not exist.");
            }
            CheckSize(new FileInfo(path).Length, baseModel);
            return new ModelSource(ModelSourceKind.Path, path, baseModel);
        }
        if (!IsModelId(baseModel))
        {
            throw new ArgumentException($"base_model: '{baseModel}' is neither artifact:KEY, an absolute path, an http(s) URL nor a model id.");
        }
        if (await NewestVersionAsync(baseModel, cancellationToken) is { } newest)
        {
            return new ModelSource(ModelSourceKind.Artifact, TrainingKeys.ModelFolder(baseModel, newest) + "model.gguf", $"{baseModel} (version {newest})");
        }
        if (suiteModels.Value.FolderFile(baseModel) is { } file)
        {
            CheckSize(new FileInfo(file).Length, baseModel);
            return new ModelSource(ModelSourceKind.Path, file, $"{baseModel} (model folder)");
        }
        var folder = suiteModels.Value.ResolvedDirectory;
        throw new ArgumentException(baseModel == DefaultModels.Student.Id
            ? $"base_model: the default student '{baseModel}' is not in the model folder {folder} yet: run `lab model download` "
                + "(or let the suite's serving download it at first start), or name another model"
            : $"base_model: no model '{baseModel}' has been published in this suite and {folder} has no {baseModel}.gguf "
                + "(lab model publish FILE --id ID publishes one; give artifact:KEY, a path or a URL for others).");
    }

    /// <summary>The newest version of a published model id that has its GGUF, or null.</summary>
    public async Task<int?> NewestVersionAsync(string modelId, CancellationToken cancellationToken)
    {
        int? newest = null;
        await foreach (var entry in store.ListAsync($"models/{modelId}/", recursive: true, cancellationToken))
        {
            // Only a version with its GGUF counts: the publisher stores it last.
            if (entry.Key[$"models/{modelId}/".Length..].Split('/') is [var folder, "model.gguf"] && int.TryParse(folder, out var version) && version > (newest ?? 0))
            {
                newest = version;
            }
        }
        return newest;
    }

    /// <summary>
    /// The model's key in the artifact store, where serving can load it: an artifact's own, else
    /// <paramref name="uploadKey"/>, where a path's or URL's file is stored once.
    /// </summary>
    public async Task<string> ArtifactKeyAsync(ModelSource source, string uploadKey, CancellationToken cancellationToken)
    {
        if (source.Kind == ModelSourceKind.Artifact)
        {
            return source.Location;
        }
        if (!await store.ExistsAsync(uploadKey, cancellationToken))
        {
            await store.PutFileAsync(uploadKey, await FetchAsync(source, cancellationToken), cancellationToken: cancellationToken);
        }
        return uploadKey;
    }

    /// <summary>The base model as a local file, downloaded when this worker does not have that version yet.</summary>
    public async Task<string> FetchAsync(ModelSource source, CancellationToken cancellationToken)
    {
        if (source.Kind == ModelSourceKind.Path)
        {
            return source.Location;
        }
        if (source.Kind == ModelSourceKind.Artifact)
        {
            return await cache.FetchAsync(source.Location, "base_model", Options.MaxModelBytes, cancellationToken);
        }
        var folder = Directory.CreateDirectory(Path.Combine(Options.WorkDirectory, "downloads")).FullName;
        var file = Path.Combine(folder, ArtifactCache.Hash(source.Location) + ".gguf");
        if (!File.Exists(file))
        {
            await DownloadAsync(new Uri(source.Location), file, source.Label, cancellationToken);
        }
        LocalCache.Touch(file);
        LocalCache.Trim(folder, Options.CacheBytes, keep: file);
        return file;
    }

    private async Task DownloadAsync(Uri url, string path, string label, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(OutboundUrls.Guarded(new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new TrainingInputException($"base_model: {label} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        CheckSize(response.Content.Headers.ContentLength ?? 0, label);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
        await using (var target = File.Create(partial))
        {
            var buffer = new byte[1 << 20];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                CheckSize(total, label);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        File.Move(partial, path, overwrite: true);
    }

    private void CheckSize(long bytes, string label)
    {
        if (bytes > Options.MaxModelBytes)
        {
            throw new ArgumentException($"base_model: {label} is {bytes:N0} bytes, more than Training:MaxModelBytes ({Options.MaxModelBytes:N0}).");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    private static partial Regex ModelIdPattern();
}
