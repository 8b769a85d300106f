using Google.Protobuf;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.Contracts.Training;

/// <summary>
/// A local GGUF sent to the training service's <c>PublishModel</c> (as <c>lab model publish</c> and the dashboard's
/// "Publish model…" send it): chunks of a mebibyte, the first naming the model, an empty file still one chunk.
/// </summary>
public static class ModelUpload
{
    /// <summary>Bytes per chunk: well under gRPC's 4 MiB message limit.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <exception cref="Grpc.Core.RpcException">The training service refused the file or the id (its reason in the status).</exception>
    public static async Task<PublishedModelVersion> PublishAsync(TrainingService.TrainingServiceClient training, string path, string modelId,
        string? chatTemplate, CancellationToken cancellationToken)
    {
        using var call = training.PublishModel(cancellationToken: cancellationToken);
        await using (var input = File.OpenRead(path))
        {
            var buffer = new byte[ChunkBytes];
            var chunk = new PublishModelChunk { ModelId = modelId, ChatTemplate = chatTemplate ?? "" };
            int read;
            do
            {
                read = await input.ReadAsync(buffer, cancellationToken);
                chunk.Data = ByteString.CopyFrom(buffer, 0, read);
                await call.RequestStream.WriteAsync(chunk, cancellationToken);
                chunk = new PublishModelChunk();
            }
            while (read > 0);
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
