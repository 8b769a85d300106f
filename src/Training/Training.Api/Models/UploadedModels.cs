using System.Security.Cryptography;
using Grpc.Core;
using InstructLab.Aspire.Artifacts;
using InstructLab.Aspire.Contracts.Messages;
using InstructLab.Aspire.Contracts.Training.V1;
using InstructLab.Aspire.Training.Api.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace InstructLab.Aspire.Training.Api.Models;

/// <summary>
/// Models a user publishes as they are (lab model publish) and removes (lab model rm): stored where trained models are
/// (<c>models/ID/VERSION/model.gguf</c>, so a restarted serving finds them too) and announced on the bus.
/// </summary>
public sealed partial class UploadedModels(IArtifactStore store, TrainingSubmitter versions, IBus bus, IOptions<TrainingOptions> options, TimeProvider clock,
    ILogger<UploadedModels> logger)
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    public async Task<PublishedModelVersion> PublishAsync(IAsyncStreamReader<PublishModelChunk> chunks, CancellationToken cancellationToken)
    {
        if (!await chunks.MoveNext(cancellationToken))
        {
            throw new ArgumentException("model_id: no chunk came; the first names the model");
        }
        var first = chunks.Current;
        if (!ModelSources.IsModelId(first.ModelId))
        {
            throw new ArgumentException($"model_id: '{first.ModelId}' is not a model id (letters, digits and . _ - :, at most 128, starting with a letter or digit).");
        }
        var file = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.gguf");
        try
        {
            long bytes = 0;
            await using (var output = File.Create(file))
            {
                var chunk = first;
                while (true)
                {
                    bytes += chunk.Data.Length;
                    if (bytes > options.Value.MaxModelBytes)
                    {
                        throw new ArgumentException($"data: the model is larger than Training:MaxModelBytes ({options.Value.MaxModelBytes:N0} bytes)");
                    }
                    chunk.Data.WriteTo(output);
                    if (!await chunks.MoveNext(cancellationToken))
                    {
                        break;
                    }
                    chunk = chunks.Current;
                }
            }
            var magic = new byte[4];
            await using (var input = File.OpenRead(file))
            {
                if (await input.ReadAtLeastAsync(magic, 4, throwOnEndOfStream: false, cancellationToken) < 4 || !magic.AsSpan().SequenceEqual(GgufMagic))
                {
                    throw new ArgumentException("data: not a GGUF file (it does not start with 'GGUF'); serving loads GGUF models");
                }
            }
            string sha256;
            await using (var input = File.OpenRead(file))
            {
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(input, cancellationToken));
            }
            var version = await versions.NextVersionAsync(first.ModelId, cancellationToken);
            var key = TrainingKeys.ModelFolder(first.ModelId, version) + "model.gguf";
            await store.PutFileAsync(key, file, "application/octet-stream", cancellationToken);
            await bus.Publish(new ModelPublished
            {
                ModelId = first.ModelId,
                ArtifactKey = key,
                Sha256 = sha256,
                ChatTemplate = first.ChatTemplate is { Length: > 0 } template ? template : null,
                PublishedAt = clock.GetUtcNow(),
            }, cancellationToken);
            LogPublished(first.ModelId, version, bytes);
            return new PublishedModelVersion { ModelId = first.ModelId, Version = version, ArtifactKey = key, Sha256 = sha256, Bytes = bytes };
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<RemoveModelResponse> RemoveAsync(string modelId, CancellationToken cancellationToken)
    {
        if (!ModelSources.IsModelId(modelId))
        {
            throw new ArgumentException($"model_id: '{modelId}' is not a model id");
        }
        var prefix = $"models/{modelId}/";
        var keys = new List<string>();
        await foreach (var entry in store.ListAsync(prefix, recursive: true, cancellationToken))
        {
            keys.Add(entry.Key);
        }
        if (keys.Count == 0)
        {
            throw new KeyNotFoundException($"model_id: the suite has published no model '{modelId}' (lab model list shows what serving answers to)");
        }
        // Serving lets go first; then the files go.
        await bus.Publish(new ModelRemoved { ModelId = modelId, RemovedAt = clock.GetUtcNow() }, cancellationToken);
        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
        var versions = keys.Select(k => k[prefix.Length..].Split('/')[0]).Distinct().Count();
        LogRemoved(modelId, versions);
        return new RemoveModelResponse { ModelId = modelId, Versions = versions };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} version {Version} published from an upload ({Bytes:N0} bytes)")]
    private partial void LogPublished(string model, int version, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} removed ({Versions} version(s))")]
    private partial void LogRemoved(string model, int versions);
}
