using InstructLab.Aspire.Generation.Dedup;

namespace InstructLab.Aspire.Generation.UnitTests;

public sealed class RougeLTests
{
    [Theory]
    [InlineData("the cat sat on the mat", "the cat sat on the mat", 1.0)]
    [InlineData("the cat sat on the mat", "the cat lay on the mat", 5.0 / 6)]
    [InlineData("police killed the gunman", "the gunman police killed", 0.5)]
    [InlineData("A B C", "x y z", 0.0)]
    [InlineData("What's 2+2?", "whats 2 2", 4.0 / 7)]
    public void ScoreIsTheFMeasureOfTheLongestCommonWordSubsequence(string a, string b, double expected)
    {
        Assert.Equal(expected, RougeL.Score(a, b), 6);
        Assert.Equal(RougeL.Score(a, b), RougeL.Score(b, a), 12);
    }

    [Fact]
    public void TheLengthBoundIsNeverBelowTheScore()
    {
        var texts = new[] { "one", "one two", "two one three", "one two three four five", "five four three two one zero" };
        foreach (var a in texts)
        {
            foreach (var b in texts)
            {
                Assert.True(RougeL.UpperBound(RougeL.Words(a).Count, RougeL.Words(b).Count) >= RougeL.Score(a, b));
            }
        }
    }

    [Fact]
    public void NearDuplicatesKeepTheFirstOfEachGroupAndCountWhatTheyDrop()
    {
        var result = NearDuplicates.Filter(["Describe the water cycle.", "describe the WATER cycle", "Describe the water cycle in detail.", "List prime numbers below 20."]);

        Assert.Equal([0, 3], result.Kept);
        Assert.Equal((1, 1), (result.ExactDuplicates, result.NearDuplicates));
    }
}
