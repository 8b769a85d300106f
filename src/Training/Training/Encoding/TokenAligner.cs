using InstructLab.Aspire.LlamaCpp;

namespace InstructLab.Aspire.Training.Encoding;

/// <summary>
/// Where each token of a tokenized text sits in the text's UTF-8 bytes. Tokens the tokenizer adds (BOS) get an empty
/// span; SentencePiece's space prefix (added at the start and after every control token) is not in the text.
/// </summary>
internal static class TokenAligner
{
    public static (int Start, int End)[] Spans(byte[] text, IReadOnlyList<int> tokens, GgufTokenizer tokenizer, string where)
    {
        var spans = new (int, int)[tokens.Count];
        var position = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var piece = tokenizer.Piece(tokens[i]);
            var rest = text.AsSpan(position);
            if (rest.StartsWith(piece))
            {
                spans[i] = (position, position + piece.Length);
                position += piece.Length;
            }
            else if (piece.Length > 0 && piece[0] == (byte)' ' && rest.StartsWith(piece.AsSpan(1)))
            {
                spans[i] = (position, position + piece.Length - 1);
                position += piece.Length - 1;
            }
            else if (i == 0 && tokens[i] == tokenizer.Bos)
            {
                spans[i] = (position, position);
            }
            else
            {
                throw new TrainingInputException(
                    $"{where}: the tokenizer's token {tokens[i]} ('{System.Text.Encoding.UTF8.GetString(piece)}') does not match the text at byte {position}; labels cannot be placed.");
            }
        }
        return spans;
    }
}
