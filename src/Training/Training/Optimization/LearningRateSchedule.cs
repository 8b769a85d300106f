namespace InstructLab.Aspire.Training.Optimization;

/// <summary>
/// Linear warm-up to the peak, then cosine decay to zero over the remaining steps. Step s (from 0) uses
/// peak · (s + 1) / warm-up while warming up, so the first step already learns.
/// </summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, long TotalSteps)
{
    public double At(long step)
    {
        if (step < WarmupSteps)
        {
            return Peak * (step + 1) / WarmupSteps;
        }
        var decaySteps = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / decaySteps);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
