namespace WebOcperf.Tests.Infrastructure;

/// <summary>Reads golden files copied next to the test assembly.</summary>
public static class Golden
{
    public static string Read(params string[] pathParts) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, .. pathParts]));
}
