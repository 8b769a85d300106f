using System.Text.RegularExpressions;
using InstructLab.Aspire.Contracts.Training.V1;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>
/// A killed worker and a restarted broker: the job resumes from its newest checkpoint and ends with the fault-free
/// weights. Runs alone: the other tests' calls would meet the killed instance and the restarted broker.
/// </summary>
[Collection(nameof(ResilienceTests))]
public sealed partial class ResilienceTests(TrainingStack stack)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKilledWorkerAndARestartedBrokerLeaveTheJobsWeightsAsAFaultFreeRunsAre()
    {
        var request = await Jobs.RequestAsync(stack, "student-resilient", samples: 32, epochs: 3);
        var submitted = await stack.Client.SubmitJobAsync(request, cancellationToken: Cancel);
        var (killed, restarted) = (-1, false);
        long checkpointBeforeKill = 0;
        var job = await Jobs.WaitAsync(stack, submitted.Id, TimeSpan.FromMinutes(5), async seen =>
        {
            if (killed < 0 && seen.State == TrainingJobState.Running && seen.Progress?.Phase == "knowledge" && seen.Checkpoints.Count >= 2)
            {
                var pid = int.Parse(Pid().Match(seen.Worker).Groups[1].Value);
                killed = stack.Instance(0).ProcessId == pid ? 0 : 1;
                checkpointBeforeKill = seen.Checkpoints.Where(c => c.Phase == "knowledge").Max(c => c.Step);
                await stack.KillTrainingAsync(killed);
                await stack.StartTrainingAsync(killed);
            }
            else if (killed >= 0 && !restarted && seen.Progress?.Phase == "skills")
            {
                restarted = true;
                await stack.RabbitMq.RestartAsync();
            }
        });

        Assert.True(killed >= 0 && restarted, $"the job ended before the faults were done ({job.State})");
        Assert.True(job.State == TrainingJobState.Completed, $"{job.State}: {job.Error}");
        Assert.True(job.Attempts >= 3, $"{job.Attempts} attempts: a kill and segments of 2 s add work items");
        // Whoever took the job over resumed from a checkpoint at least as new as the newest seen before the kill.
        var resumed = new[] { stack.Instance(0).Output, stack.Instance(1).Output }
            .SelectMany(o => Resumed().Matches(o)).Where(m => m.Groups[1].Value == submitted.Id)
            .Select(m => (Phase: m.Groups[2].Value, Step: long.Parse(m.Groups[3].Value))).ToList();
        Assert.Contains(resumed, r => r.Phase == "knowledge" && r.Step >= checkpointBeforeKill);

        using var folder = new TestSupport.TemporaryDirectory("training-resilience");
        var reference = Jobs.Weights(await Jobs.ReferenceRunAsync(stack, request, folder.Path));
        var trained = Jobs.Weights(await Jobs.DownloadAsync(stack.Artifacts, job.Model.ArtifactKey, folder.Combine("job.gguf")));
        Assert.All(reference, r => Assert.True(r.Value.AsSpan().SequenceEqual(trained[r.Key]), $"{r.Key} differs"));
    }

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex Pid();

    [GeneratedRegex(@"Training job ([0-9a-f-]+): Resuming from \S+ \((\w+), step (\d+)\)")]
    private static partial Regex Resumed();
}

[CollectionDefinition(nameof(ResilienceTests), DisableParallelization = true)]
public sealed class ResilienceCollection;
