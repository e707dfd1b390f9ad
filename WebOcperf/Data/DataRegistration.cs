using Microsoft.EntityFrameworkCore;
using WebOcperf.Infrastructure;

namespace WebOcperf.Data;

public static class DataRegistration
{
    public const string DatabaseFileName = "webocperf.db";

    public static IServiceCollection AddData(this IServiceCollection services) =>
        services
            // taken in PrepareDataAsync, released when the host disposes its services (or the kernel, when it dies)
            .AddSingleton(provider => DataDirectoryLock.Acquire(provider.GetWebOcperfOptions().ResolveDataDirectory()))
            .AddDbContext<WebOcperfDb>((provider, db) =>
            {
                var dataDirectory = provider.GetWebOcperfOptions().ResolveDataDirectory();
                db.UseSqlite($"Data Source={Path.Combine(dataDirectory, DatabaseFileName)}");
            });

    /// <summary>
    /// Creates the data directory, locks it against a second server (refusing to start, naming the other's pid, when
    /// one holds it), checks that it is writable (and says so plainly when it is not), applies the
    /// migrations and switches SQLite to WAL so that readers never wait for the runner's writes.
    /// </summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        var dataDirectory = app.Services.GetWebOcperfOptions().ResolveDataDirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dataDirectory, "benchmarks"));
            var probe = Path.Combine(dataDirectory, $".write-test-{Environment.ProcessId}");
            await File.WriteAllTextAsync(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException(
                $"WebOcperf cannot write its data directory '{dataDirectory}' ({e.Message}). " +
                "Set WebOcperf:DataDirectory (or WebOcperf__DataDirectory) to a writable directory.", e);
        }

        // before anything reads the database: the runner's recovery would take a live server's runs for a dead one's
        app.Services.GetRequiredService<DataDirectoryLock>();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebOcperfDb>();
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        app.Logger.DataDirectoryReady(dataDirectory);
    }
}
