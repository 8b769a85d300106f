using InstructLab.Aspire.Taxonomy.Tree;
using InstructLab.Aspire.Taxonomy.Validation;
using InstructLab.Aspire.TestSupport;

namespace InstructLab.Aspire.Taxonomy.UnitTests;

/// <summary>
/// A taxonomy's walk stays inside it and within bounds: symbolic links below the root (a leaf's file or a folder on
/// its way) are reported and never read, and too many files or bytes stop the walk naming the setting.
/// </summary>
public sealed class TreeBoundsTests : IDisposable
{
    private readonly TemporaryDirectory folder = new("tree-bounds");

    [Fact]
    public void ALeafReachedThroughASymbolicLinkIsReportedAndNotRead()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(folder.Path, SampleTaxonomy.SynonymsLeaf);
        // A valid leaf outside the taxonomy, linked in twice: as a file, and through a linked folder.
        var outside = Path.Combine(folder.Path, "outside", "synonyms");
        Directory.CreateDirectory(outside);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(Path.Combine(taxonomy, SampleTaxonomy.SynonymsLeaf))!))
        {
            File.Copy(file, Path.Combine(outside, Path.GetFileName(file)));
        }
        Directory.CreateDirectory(Path.Combine(taxonomy, "compositional_skills", "linked_file"));
        File.CreateSymbolicLink(Path.Combine(taxonomy, "compositional_skills", "linked_file", "qna.yaml"), Path.Combine(outside, "qna.yaml"));
        File.Copy(Path.Combine(outside, "attribution.txt"), Path.Combine(taxonomy, "compositional_skills", "linked_file", "attribution.txt"));
        Directory.CreateSymbolicLink(Path.Combine(taxonomy, "compositional_skills", "linked_folder"), outside);
        var tree = new TaxonomyTree(taxonomy);

        // The walk does not see them; named explicitly (as a git diff names them), they are refused unread.
        Assert.Equal([SampleTaxonomy.SynonymsLeaf], tree.TaxonomyFiles());
        var report = tree.Validate(new QnaValidator(), ["compositional_skills/linked_file/qna.yaml", "compositional_skills/linked_folder/qna.yaml", SampleTaxonomy.SynonymsLeaf]);

        Assert.False(report.IsValid);
        var byFile = report.Files.ToDictionary(f => f.File);
        Assert.Equal("compositional_skills/linked_file/qna.yaml is a symbolic link; links inside a taxonomy are not followed",
            Assert.Single(byFile["compositional_skills/linked_file/qna.yaml"].Diagnostics).Message);
        Assert.Equal("compositional_skills/linked_folder is a symbolic link; links inside a taxonomy are not followed",
            Assert.Single(byFile["compositional_skills/linked_folder/qna.yaml"].Diagnostics).Message);
        Assert.Null(byFile["compositional_skills/linked_file/qna.yaml"].Content);
        Assert.True(byFile[SampleTaxonomy.SynonymsLeaf].IsValid);
    }

    [Fact]
    public void TooManyFilesOrBytesStopTheWalkNamingTheSetting()
    {
        var (taxonomy, _, _) = SampleTaxonomy.Build(folder.Path, SampleTaxonomy.SynonymsLeaf, SampleTaxonomy.InclusionLeaf);

        var files = Assert.Throws<ArgumentException>(() => new TaxonomyTree(taxonomy, new TreeLimits { MaxFiles = 3 }).TaxonomyFiles());
        Assert.Contains("more than 3 files under compositional_skills/, foundational_skills/, knowledge/ (Taxonomy:Walk:MaxFiles)", files.Message);
        Assert.Equal(2, new TaxonomyTree(taxonomy, new TreeLimits { MaxFiles = 4 }).TaxonomyFiles().Count);

        var bytes = Assert.Throws<ArgumentException>(() => new TaxonomyTree(taxonomy, new TreeLimits { MaxTotalBytes = 1000 }).Validate(new QnaValidator()));
        Assert.Matches(@"the 2 selected taxonomy files hold [\d,]+ bytes, more than 1,000 \(Taxonomy:Walk:MaxTotalBytes\)", bytes.Message);
    }

    public void Dispose() => folder.Dispose();
}
