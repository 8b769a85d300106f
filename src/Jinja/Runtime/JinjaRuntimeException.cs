namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>A render error before its position is known; the renderer adds the position of the node it was running.</summary>
internal sealed class JinjaRuntimeException(string message, bool raisedByTemplate = false) : Exception(message)
{
    public bool RaisedByTemplate { get; } = raisedByTemplate;
}
