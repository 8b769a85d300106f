using InstructLab.Aspire.Contracts.Generation.V1;
using InstructLab.Aspire.Training.Api.Cycles;

namespace InstructLab.Aspire.TrainingJobs.IntegrationTests;

/// <summary>A cycle whose generation wrote nothing says which stage of which leaf dropped the rows, and why.</summary>
public sealed class EmptyDatasetTests
{
    [Fact]
    public void TheFirstStageThatLetNoRowThroughIsNamedWithWhatBecameOfItsRows()
    {
        var job = new Job
        {
            Id = "288a2e99-7630-1944-3bf5-9629cc1fa216",
            Dataset = new Dataset { KnowledgeLines = 0, SkillsLines = 0 },
            Leaves =
            {
                Leaf("compositional_skills/grounded/linguistics/inclusion", new StageCount { Name = "generate_contexts", Type = "llm", RowsIn = 3, Refused = 6 },
                    new StageCount { Name = "generate_questions", Type = "llm" }),
                Leaf("compositional_skills/linguistics/synonyms", new StageCount { Name = "generate", Type = "llm", RowsIn = 3, RowsOut = 4 },
                    new StageCount { Name = "keep_rated", Type = "filter", RowsIn = 4 }),
                Leaf("compositional_skills/linguistics/antonyms", new StageCount { Name = "generate", Type = "llm", RowsIn = 2, Unparsed = 2 }),
            },
        };

        Assert.True(EmptyDataset.IsEmpty(job));
        Assert.False(EmptyDataset.IsEmpty(new Job { Dataset = new Dataset { SkillsLines = 1 } }));
        Assert.Equal("generation job 288a2e99-7630-1944-3bf5-9629cc1fa216 wrote no training line ("
            + "compositional_skills/grounded/linguistics/inclusion: the teacher refused 6 prompts of generate_contexts (3 rows) as longer than its context (a teacher with a longer context, or shorter seed examples); "
            + "compositional_skills/linguistics/synonyms: keep_rated (filter) kept none of its 4 rows; "
            + "compositional_skills/linguistics/antonyms: generate could not read 2 of the teacher's answers (2 rows; a stronger teacher, or structured output)"
            + "); lab data show 288a2e99-7630-1944-3bf5-9629cc1fa216 has every stage's counts", EmptyDataset.Explain(job));
    }

    private static LeafProgress Leaf(string leaf, params StageCount[] stages) => new() { Leaf = leaf, Progress = new Progress { Stages = { stages } } };
}
