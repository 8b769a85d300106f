using InstructLab.Aspire.Evaluations.Judged;

namespace InstructLab.Aspire.Evaluations.UnitTests;

/// <summary>Ratings are read, never guessed: JSON, then [[n]], then [n]; outside the scale or missing is an error with the reason.</summary>
public sealed class RatingReaderTests
{
    [Theory]
    [InlineData("{\"explanation\": \"Correct and clear.\", \"rating\": 8}", 8, "Correct and clear.")]
    [InlineData("The answer is fine.\nRating: [[7]]", 7, "The answer is fine.\nRating:")]
    [InlineData("Mostly right [[3]] but then [[6.5]]", 6.5, "Mostly right [[3]] but then")]
    [InlineData("It deserves a [4].", 4, "It deserves a")]
    public void ARatingIsReadFromJsonOrBrackets(string answer, double rating, string explanation)
    {
        var (read, why, error) = RatingReader.Read(answer, (1, 10));

        Assert.Null(error);
        Assert.Equal(rating, read);
        Assert.Equal(explanation, why);
    }

    [Theory]
    [InlineData("Rating: [[11]]", "the rating 11 is outside 1-10")]
    [InlineData("{\"explanation\": \"x\", \"rating\": 0}", "the rating 0 is outside 1-10")]
    [InlineData("{\"rating\": \"high\"}", "the rating \"high\" is not a number")]
    [InlineData("a b c d e", "no rating in the answer")]
    public void AnUnreadableOrOutOfScaleRatingIsAnError(string answer, string expected)
    {
        var (read, _, error) = RatingReader.Read(answer, (1, 10));

        Assert.Null(read);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void DkBenchsScaleIsOneToFive()
    {
        Assert.Equal(5, RatingReader.Read("[[5]]", Benchmarks.RatingScale(Benchmarks.DkBench)).Rating);
        Assert.NotNull(RatingReader.Read("[[6]]", Benchmarks.RatingScale(Benchmarks.DkBench)).Error);
    }
}
