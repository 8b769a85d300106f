namespace InstructLab.Aspire.Hosting.Sagas;

/// <summary>A saga instance changed between its read and this write; the message is retried on the new version.</summary>
public sealed class SagaConcurrencyException(Type saga, Guid correlationId, int expectedVersion)
    : Exception($"{saga.Name} {correlationId}: version {(expectedVersion < 0 ? "(new)" : expectedVersion)} is no longer the stored one");
