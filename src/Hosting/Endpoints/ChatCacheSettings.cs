namespace InstructLab.Aspire.Hosting.Endpoints;

/// <summary>The teacher and judge response cache in Redis.</summary>
public sealed record ChatCacheSettings(bool Enabled, TimeSpan TimeToLive);
