using WebOcperf.Testing;

namespace WebOcperf.Bench.Shared;

/// <summary>How the benches start the server: the Release build, a temporary data directory with the server's log in it.</summary>
public static class BenchServer
{
    /// <summary>
    /// Starts <paramref name="serverDll"/> on a new temporary data directory (deleted afterwards unless
    /// <c>WEBOCPERF_BENCH_KEEP_DATA</c> is set). <paramref name="environment"/> (<c>NAME=VALUE</c>) is for experiments on
    /// the runtime (e.g. <c>DOTNET_gcServer=0</c>) without touching the product.
    /// </summary>
    public static Task<ServerProcess> StartAsync(string serverDll, IReadOnlyList<string> environment)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("webocperf-bench-").FullName;
        var keep = Environment.GetEnvironmentVariable("WEBOCPERF_BENCH_KEEP_DATA") is not null;
        if (keep)
        {
            Console.WriteLine($"server data and log kept in {dataDirectory}");
        }
        return ServerProcess.StartAsync(new ServerOptions(dataDirectory)
        {
            ServerDll = serverDll,
            Environment = environment.ToDictionary(pair => pair[..pair.IndexOf('=')], pair => pair[(pair.IndexOf('=') + 1)..]),
            LogFile = Path.Combine(dataDirectory, "server.log"),
            StartTimeout = TimeSpan.FromSeconds(60),
            DeleteDataDirectoryOnDispose = !keep,
        });
    }

    /// <summary>Where the server keeps a benchmark's files (BenchmarkFiles: benchmarks/&lt;id:N&gt;/).</summary>
    public static string BenchmarkDirectory(this ServerProcess server, Guid benchmarkId) =>
        Path.Combine(server.DataDirectory, "benchmarks", benchmarkId.ToString("N"));

    /// <summary>Finds WebOcperf's Release build output from the bench's own location (bench/X/bin/Release/net10.0/).</summary>
    public static string LocateServerDll(string[] args)
    {
        var given = Arguments.Value(args, "--server");
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WebOcperf.sln")))
        {
            directory = directory.Parent;
        }
        if (directory is null)
        {
            throw new InvalidOperationException("WebOcperf.sln not found above the bench; pass --server path/to/WebOcperf.dll");
        }
        var dll = Path.Combine(directory.FullName, "WebOcperf", "bin", "Release", "net10.0", "WebOcperf.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{dll} is missing: dotnet build WebOcperf -c Release");
    }
}
