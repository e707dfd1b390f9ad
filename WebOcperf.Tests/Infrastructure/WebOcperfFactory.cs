using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// The real app (real perf, real SQLite) on a temporary data directory that is removed afterwards.
/// Settings can be overridden per fixture, the ASP.NET way, through <see cref="Settings"/>.
/// </summary>
public class WebOcperfFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("webocperf-test-").FullName;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("WebOcperf:DataDirectory", DataDirectory);
        builder.UseSetting("WebOcperf:MaxRunDuration", "00:01:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
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
