using System.Runtime.InteropServices;
using System.Text;
using LLama;
using LLama.Native;

namespace InstructLab.Aspire.Serving.Grammar;

/// <summary>
/// Asks llama.cpp whether it can parse a GBNF grammar. LLamaSharp adds an unparsable grammar to a sampler chain as a
/// null sampler, and sampling with it kills the process; so a client's grammar is tried on its own first.
/// </summary>
internal static unsafe class GbnfCheck
{
    private static readonly Lazy<nint> Library = new(() => NativeLibrary.Load("llama", typeof(NativeApi).Assembly, null));

    public static bool Parses(LLamaWeights weights, string gbnf, string root = "root")
    {
        var library = Library.Value;
        var vocabOf = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(library, "llama_model_get_vocab");
        var create = (delegate* unmanaged<nint, byte*, byte*, nint>)NativeLibrary.GetExport(library, "llama_sampler_init_grammar");
        var free = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "llama_sampler_free");
        var success = false;
        weights.NativeHandle.DangerousAddRef(ref success);
        try
        {
            var vocab = vocabOf(weights.NativeHandle.DangerousGetHandle());
            fixed (byte* text = Encoding.UTF8.GetBytes(gbnf + "\0"), name = Encoding.UTF8.GetBytes(root + "\0"))
            {
                var sampler = create(vocab, text, name);
                if (sampler == 0)
                {
                    return false;
                }
                free(sampler);
                return true;
            }
        }
        finally
        {
            if (success)
            {
                weights.NativeHandle.DangerousRelease();
            }
        }
    }
}
