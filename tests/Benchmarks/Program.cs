using System.CommandLine;
using InstructLab.Aspire.Benchmarks;

var root = new RootCommand("InstructLab.Aspire benchmarks: each prints a Markdown table for docs/benchmarks.md.");
root.Subcommands.Add(TaxonomyValidateBenchmark.Command());
root.Subcommands.Add(TrainingThroughputBenchmark.Command());
root.Subcommands.Add(TrainingStepBenchmark.Command());
root.Subcommands.Add(LearningBenchmark.Command());
root.Subcommands.Add(ScoringBenchmark.Command());
root.Subcommands.Add(EvaluationBenchmark.Command());
root.Subcommands.Add(GgufLoadBenchmark.Command());
root.Subcommands.Add(ServingThroughputBenchmark.Command());
root.Subcommands.Add(GenerationThroughputBenchmark.Command());
return await root.Parse(args).InvokeAsync();
