using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WebOcperf.Testing;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// The real app (real perf, real SQLite) on a temporary data directory that is removed afterwards; its event catalog
/// reads <see cref="CatalogFixtures"/> instead of this machine's cpuinfo, sysfs and ocperf cache.
/// Settings can be overridden per fixture, the ASP.NET way, through <see cref="Settings"/>.
/// </summary>
public class WebOcperfFactory : WebApplicationFactory<Program>
{
    private readonly bool ownsDataDirectory;

    public WebOcperfFactory()
        : this(Directory.CreateTempSubdirectory("webocperf-test-").FullName, ownsDataDirectory: true)
    {
    }

    /// <summary>A server on a data directory that another owns (and removes), as after a restart.</summary>
    protected WebOcperfFactory(string dataDirectory, bool ownsDataDirectory)
    {
        DataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
    }

    public string DataDirectory { get; }

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("WebOcperf:DataDirectory", DataDirectory);
        builder.UseSetting("WebOcperf:MaxRunDuration", "00:01:00");
        // the catalog reads copies of a known machine's cpuinfo and sysfs, and a cache of its own, not this machine's
        foreach (var (key, value) in CatalogFixtures.Settings(Path.Combine(DataDirectory, "pmu-events")))
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (!ownsDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a process that is exiting; the directory is in the temp folder anyway
        }
    }
}

/// <summary>
/// A second server started on what a first one left, as when the server is restarted: on a copy of its data directory,
/// since the first, still running in this process, holds the lock of its own (one server per data directory).
/// </summary>
public sealed class RestartedServer(string dataDirectory) : WebOcperfFactory(CopyOf(dataDirectory), ownsDataDirectory: true)
{
    private static string CopyOf(string dataDirectory)
    {
        var copy = Directory.CreateTempSubdirectory("webocperf-restarted-").FullName;
        foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            // the lock is the first server's; SQLite rebuilds its shared-memory index from the WAL, which is copied
            if (name is WebOcperf.Data.DataDirectoryLock.LockFileName or WebOcperf.Data.DataDirectoryLock.PidFileName
                || name.EndsWith("-shm", StringComparison.Ordinal))
            {
                continue;
            }
            var target = Path.Combine(copy, Path.GetRelativePath(dataDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}

/// <summary>A server with these settings on top of the tests' own.</summary>
public sealed class ConfiguredServer(IReadOnlyDictionary<string, string?> settings) : WebOcperfFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => settings;
}
