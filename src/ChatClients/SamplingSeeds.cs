using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InstructLab.Aspire.ChatClients;

/// <summary>
/// Sampling seeds derived from a job's seed and what is being sampled, never from order or time: the same work asks
/// the same calls however it is scheduled, so the response cache answers a rerun.
/// </summary>
public static class SamplingSeeds
{
    public static long Derive(long seed, params IEnumerable<string> parts)
    {
        var text = seed.ToString(CultureInfo.InvariantCulture) + "\u001f" + string.Join('\u001f', parts);
        // llama.cpp takes a 32-bit seed and treats 0xFFFFFFFF as "random".
        return BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0) % 0xFFFF_FFFFu;
    }

    /// <summary>A random source for choices (sampling rows, distractors) made the same way every run.</summary>
    public static Random Random(long seed, params IEnumerable<string> parts) => new((int)(Derive(seed, parts) & int.MaxValue));
}
