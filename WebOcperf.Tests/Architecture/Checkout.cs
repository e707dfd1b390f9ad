namespace WebOcperf.Tests.Architecture;

/// <summary>The source checkout the tests were built from, for the tests that read the sources themselves.</summary>
internal static class Checkout
{
    /// <summary>The web project's directory (holding Program.cs and the feature folders).</summary>
    public static string ProjectDirectory { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebOcperf.sln")))
            {
                return Path.Combine(directory.FullName, "WebOcperf");
            }
        }
        throw new InvalidOperationException($"WebOcperf.sln not found above {AppContext.BaseDirectory}: these tests read the sources of the checkout");
    }
}
