using InstructLab.Aspire.Artifacts;

namespace InstructLab.Aspire.Artifacts.IntegrationTests;

public sealed class ArtifactStoreOptionsTests
{
    [Fact]
    public void AConnectionStringFillsEveryOption()
    {
        var options = new ArtifactStoreOptions();

        options.ApplyConnectionString("endpoint=https://s3.example.com:9000;AccessKey=ak;SecretKey=sk;Bucket=models;Region=eu-west-1", "test");

        Assert.Equal(new Uri("https://s3.example.com:9000"), options.Endpoint);
        Assert.Equal(("ak", "sk", "models", "eu-west-1"), (options.AccessKey, options.SecretKey, options.Bucket, options.Region));
    }

    [Theory]
    [InlineData("Endpoint=http://h:1;AccessKey=a;SecretKey=s;Colour=blue", "unknown key 'colour'; allowed keys are Endpoint, AccessKey, SecretKey, Bucket, Region")]
    [InlineData("Endpoint=ftp://h:1;AccessKey=a;SecretKey=s", "Endpoint 'ftp://h:1' is not an http:// or https:// URL")]
    public void BadConnectionStringsNameTheSourceAndTheKey(string connectionString, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ArtifactStoreOptions().ApplyConnectionString(connectionString, "ConnectionStrings:artifacts"));

        Assert.Equal($"ConnectionStrings:artifacts: {expected}.", error.Message);
    }

    [Theory]
    [InlineData("Endpoint=http://h:1;AccessKey=a", "AccessKey and SecretKey are both required")]
    [InlineData("AccessKey=a;SecretKey=s", "no Endpoint")]
    [InlineData("Endpoint=http://h:1;AccessKey=a;SecretKey=s;Bucket=Not_Valid", "Bucket 'Not_Valid' is not a valid S3 bucket name")]
    public void ValidationNamesWhatIsMissingOrWrong(string connectionString, string expected)
    {
        var options = new ArtifactStoreOptions();
        options.ApplyConnectionString(connectionString, "ConnectionStrings:artifacts");

        var error = Assert.Throws<InvalidOperationException>(() => options.Validate("ConnectionStrings:artifacts"));

        Assert.StartsWith("ConnectionStrings:artifacts: ", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
