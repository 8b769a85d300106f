using System.Security.Cryptography;

namespace InstructLab.Aspire.TestSupport;

/// <summary>Random credentials for the servers a test starts.</summary>
public static class Secrets
{
    public static string New(int length = 24) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}
