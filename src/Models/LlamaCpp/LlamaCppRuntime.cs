using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace InstructLab.Aspire.LlamaCpp;

/// <summary>
/// Configures LLamaSharp's native library once per process, before anything else touches it (LLamaSharp throws if it
/// is configured after first use): llama.cpp's own log lines (~700 per model load) go to an ILogger at Debug, errors at
/// Warning, instead of stderr.
/// </summary>
public static class LlamaCppRuntime
{
    private static readonly Lock Gate = new();
    private static ILogger logger = NullLogger.Instance;
    private static bool configured;

    public static void EnsureConfigured(ILogger? log = null)
    {
        lock (Gate)
        {
            if (log is not null)
            {
                logger = log;
            }
            if (configured)
            {
                return;
            }
            NativeLibraryConfig.All.WithLogCallback((level, message) =>
            {
                var text = message.TrimEnd();
                if (text.Length == 0)
                {
                    return;
                }
                logger.Log(level is LLamaLogLevel.Error or LLamaLogLevel.Warning ? LogLevel.Warning : LogLevel.Debug, "llama.cpp: {Message}", text);
            });
            configured = true;
            // Loads the native library now: some calls (the quantizer) would otherwise bypass LLamaSharp's resolver.
            NativeApi.llama_empty_call();
        }
    }
}
