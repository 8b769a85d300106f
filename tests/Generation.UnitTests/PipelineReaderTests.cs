using InstructLab.Aspire.Generation.Pipelines;

namespace InstructLab.Aspire.Generation.UnitTests;

public sealed class PipelineReaderTests
{
    private const string Valid = """
        version: 1
        description: one question per seed
        applies_to: [freeform_skill]
        blocks:
          - name: ask
            type: llm
            prompt: |
              Task: {{ task_description }}
              Write a question like: {{ seed_question }}
            outputs:
              question: {max_length: 100}
          - name: answer
            type: llm
            prompt: "Answer: {{ question }}"
            outputs:
              answer: {}
        output:
          question: question
          answer: answer
        """;

    [Theory]
    [InlineData(PipelineLibrary.Simple, 3)]
    [InlineData(PipelineLibrary.Full, 3)]
    public void EveryBuiltinFlavourReadsAndCoversEverySkillAndKnowledgeKind(string flavour, int pipelines)
    {
        var selection = Pipelines.Select(flavour);

        Assert.Equal(pipelines, selection.Pipelines.Count);
        Assert.All(LeafKinds.All, kind => Assert.NotNull(selection.For(kind)));
        Assert.Equal($"knowledge-{flavour}", selection.For(LeafKinds.Knowledge)!.Name);
        Assert.Equal($"freeform-skills-{flavour}", selection.For(LeafKinds.FoundationalSkill)!.Name);
    }

    [Fact]
    public void FullPipelinesJudgeEveryStageTheLabMethodJudges()
    {
        var selection = Pipelines.Select(PipelineLibrary.Full);

        Assert.Equal(["llm", "judge", "filter", "judge", "filter", "judge", "filter"], selection.For(LeafKinds.Knowledge)!.AllBlocks.Select(b => b.Type));
        Assert.Equal(["llm", "judge", "filter", "llm", "judge", "filter"], selection.For(LeafKinds.FreeformSkill)!.AllBlocks.Select(b => b.Type));
        Assert.Equal(["llm", "llm", "judge", "filter", "llm", "judge", "filter"], selection.For(LeafKinds.GroundedSkill)!.AllBlocks.Select(b => b.Type));
        Assert.Contains(selection.Sources, s => s.Name == "knowledge-simple");
    }

    [Fact]
    public void ACustomPipelineIsReadWithItsOutputMapping()
    {
        var pipeline = Assert.Single(Pipelines.Select("custom", ("custom", Valid)).Pipelines);

        Assert.Equal(["ask", "answer"], pipeline.Blocks.Select(b => b.Name));
        Assert.Equal(new PipelineOutput("question", "answer", null), pipeline.Output);
        Assert.Equal("one question per seed", pipeline.Description);
    }

    [Fact]
    public void AnUnknownBlockTypeIsRejectedAtItsLineNamingTheAllowedTypes()
    {
        var error = Pipelines.Error(Valid.Replace("type: llm\n    prompt: \"Answer", "type: llm_call\n    prompt: \"Answer", StringComparison.Ordinal));

        Assert.Equal(("custom.yaml", 13, 11), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.StartsWith("unknown block type 'llm_call' (allowed: llm, conditional_llm, judge, filter", error.Reason);
    }

    [Fact]
    public void YamlThatStopsTheScannerIsABadFileNotACrash()
    {
        // YamlDotNet's scanner throws InvalidOperationException on a '{' inside a plain scalar of a flow sequence (found by the fuzz test).
        var error = Pipelines.Error(Valid.Replace("version: 1", "version: 1\napplies_to: [freeform_skill, foundational_s{kill]", StringComparison.Ordinal));

        Assert.Equal("custom.yaml", error.Location.File);
        Assert.StartsWith("not valid YAML", error.Reason);
    }

    [Fact]
    public void AMissingPromptVariableIsRejectedWhereTheTemplateUsesIt()
    {
        var error = Pipelines.Error(Valid.Replace("{{ seed_question }}", "{{ seed_questoin }}", StringComparison.Ordinal));

        Assert.Equal(("custom.yaml", 9, 33), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.StartsWith("block 'ask': prompt variable 'seed_questoin' is not a column here (available: domain, leaf, seed_answer, seed_examples, seed_question, task_description)", error.Reason);
    }

    [Fact]
    public void AVariableOfALaterBlockIsNotAvailableEarlier()
    {
        var error = Pipelines.Error(Valid.Replace("Task: {{ task_description }}", "Task: {{ answer }}", StringComparison.Ordinal));

        Assert.Equal(8, error.Location.Line);
        Assert.Contains("prompt variable 'answer' is not a column here", error.Reason);
    }

    [Fact]
    public void AnIncludeCycleIsRejectedWithTheChain()
    {
        const string a = """
            version: 1
            blocks:
              - type: include
                pipeline: part-b
            """;
        const string b = """
            version: 1
            blocks:
              - type: include
                pipeline: part-a
            """;
        var custom = Valid.Replace("blocks:\n", "blocks:\n  - type: include\n    pipeline: part-a\n", StringComparison.Ordinal);

        var error = Pipelines.Error(custom, ("part-a", a), ("part-b", b));

        Assert.Equal(("part-b.yaml", 4, 15), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Equal("include cycle: custom → part-a → part-b → part-a", error.Reason);
    }

    [Theory]
    [InlineData("applies_to: [freeform_skill]", "applies_to: [skills]", 3, "unknown leaf kind 'skills' (allowed: knowledge, freeform_skill, grounded_skill, foundational_skill)")]
    [InlineData("  answer: answer", "  answer: reply", 19, "output answer is column 'reply', which the pipeline does not produce")]
    [InlineData("answer: {}", "answer: {max_len: 5}", 16, "unknown field 'max_len' in output 'answer' of block 'answer'")]
    [InlineData("prompt: \"Answer: {{ question }}\"", "prompt: \"Answer: {{ question \"", 14, "'prompt' of a block is not a valid Jinja template")]
    [InlineData("  - name: answer\n", "  - name: ask\n", 12, "a block named 'ask' comes earlier")]
    [InlineData("description: one question per seed", "description: [a, b]", 2, "'description' of pipeline 'custom' must be a text")]
    public void WrongFieldsAreRejectedAtTheirLine(string find, string replace, int line, string reason)
    {
        var error = Pipelines.Error(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal(line, error.Location.Line);
        Assert.StartsWith(reason, error.Reason);
    }

    [Fact]
    public void AFragmentWithoutAppliesToCannotBeSelected()
    {
        var error = Assert.Throws<PipelineException>(() => Pipelines.Select("freeform-skills-questions"));

        Assert.Equal("builtin:freeform-skills-questions.yaml", error.Location.File);
        Assert.Contains("needs 'applies_to'", error.Reason);
    }

    [Fact]
    public void AnUnknownPipelineNameListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Pipelines.Select("fulll"));

        Assert.StartsWith("pipelines[0]: unknown pipeline 'fulll' (known: freeform-skills-answers, freeform-skills-full", error.Message);
    }

    [Fact]
    public void NotYamlIsRejectedWithItsPosition()
    {
        var error = Pipelines.Error("version: 1\nblocks: [\n  - a\n");

        Assert.Equal("custom.yaml", error.Location.File);
        Assert.StartsWith("not valid YAML", error.Reason);
    }

    [Fact]
    public void DeepNestingIsRefusedAtItsLineNotByAStackOverflow()
    {
        var deep = Valid + "\nextra: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var error = Pipelines.Error(deep);

        Assert.Equal((20, 71), (error.Location.Line, error.Location.Column));
        Assert.Equal("nesting is deeper than 64 levels; a pipeline needs far fewer", error.Reason);
    }

    [Fact]
    public void AnAliasBombIsRefused()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(0, 70).Select(i => $"k{i}: [*a, *a]\n")) + Valid;

        var error = Pipelines.Error(bomb);

        Assert.StartsWith("more than 64 aliases", error.Reason);
    }

    [Theory]
    [InlineData("where: {column: answer, op: in, value: [1, [2, 3]]}", "items of 'value' of op 'in' must be single values")]
    [InlineData("where: {column: answer, op: eq, value: [1]}", "'value' of op 'eq' must be a single value")]
    public void AConditionWithAWrongValueIsAnErrorNotACrash(string where, string reason)
    {
        var pipeline = Valid.Replace("output:\n  question", $"  - name: keep\n    type: filter\n    {where}\noutput:\n  question", StringComparison.Ordinal);

        var error = Pipelines.Error(pipeline);

        Assert.StartsWith(reason, error.Reason);
    }
}
