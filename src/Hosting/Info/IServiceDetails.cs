namespace InstructLab.Aspire.Hosting.Info;

/// <summary>Service-specific facts for GetInfo's <c>details</c> map (e.g. training's TorchSharp check).</summary>
public interface IServiceDetails
{
    IEnumerable<KeyValuePair<string, string>> Describe();
}
