namespace WebOcperf.Tests.Infrastructure;

/// <summary>A data directory of its own for a test that starts servers on it, removed afterwards.</summary>
public sealed class TemporaryDataDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a process was still closing a file; the directory is in the temp folder
        }
    }
}
