namespace InstructLab.Aspire.Contracts.Messages;

/// <summary>Why a service instance announces itself.</summary>
public enum AnnouncementKind
{
    /// <summary>The instance has just started; instances that did not know it reply.</summary>
    Started,

    /// <summary>A reply to another instance's <see cref="Started"/>; never answered.</summary>
    Present,

    /// <summary>The instance is shutting down.</summary>
    Stopping,
}
