using InstructLab.Aspire.Training.Optimization;

namespace InstructLab.Aspire.Training.UnitTests;

public sealed class ScheduleTests
{
    [Fact]
    public void WarmsUpLinearlyThenDecaysAlongACosineToZero()
    {
        var schedule = new LearningRateSchedule(1e-3, WarmupSteps: 4, TotalSteps: 14);

        Assert.Equal([2.5e-4, 5e-4, 7.5e-4, 1e-3], Enumerable.Range(0, 4).Select(s => schedule.At(s)), new Close());
        Assert.Equal(1e-3, schedule.At(4), 12);
        Assert.Equal(5e-4, schedule.At(9), 12);   // half-way through the decay
        Assert.Equal(0, schedule.At(14), 12);
        Assert.True(Enumerable.Range(4, 10).Select(s => schedule.At(s)).Zip(Enumerable.Range(5, 10).Select(s => schedule.At(s))).All(p => p.First > p.Second));
    }

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
