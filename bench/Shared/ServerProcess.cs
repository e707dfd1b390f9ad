using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebOcperf.Bench.Shared;

/// <summary>
/// The real WebOcperf server as a child process on a free loopback port with its own temporary data directory.
/// The benchmarks only talk to it over HTTP and read its /proc entries, like any outside client would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress, string dataDirectory)
    {
        this.process = process;
        this.log = log;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public int Pid => process.Id;

    /// <summary>
    /// Starts <paramref name="serverDll"/> and waits until it answers the JSON API. <paramref name="environment"/> is
    /// for experiments on the runtime (e.g. <c>DOTNET_gcServer=0</c>) without touching the product.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, IReadOnlyList<string> environment,
        params string[] extraArguments)
    {
        var port = FreeLoopbackPort();
        var dataDirectory = Directory.CreateTempSubdirectory("webocperf-bench-").FullName;
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            // the build output holds appsettings.json and the Razor views; it is the natural content root
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var pair in environment)
        {
            var equals = pair.IndexOf('=');
            start.Environment[pair[..equals]] = pair[(equals + 1)..];
        }
        foreach (var argument in (string[])["--urls", baseAddress.ToString().TrimEnd('/'), "--WebOcperf:DataDirectory", dataDirectory, .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");

        // the server's console goes to a file so that a full pipe never blocks it
        var log = new StreamWriter(Path.Combine(dataDirectory, "server.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, log, baseAddress, dataDirectory);
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>The server's own CPU time (utime + stime of all its threads, children excluded: perf is not ours).</summary>
    public TimeSpan CpuTime => ProcStat.CpuTime(Pid);

    /// <summary>The server's resident set size in bytes.</summary>
    public long RssBytes => ProcStat.RssBytes(Pid);

    /// <summary>Where the server keeps a benchmark's files (BenchmarkFiles: benchmarks/&lt;id:N&gt;/).</summary>
    public string BenchmarkDirectory(Guid benchmarkId) =>
        Path.Combine(DataDirectory, "benchmarks", benchmarkId.ToString("N"));

    public async ValueTask DisposeAsync()
    {
        await GracefulStop.StopAsync(process, TimeSpan.FromSeconds(15));
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
        if (Environment.GetEnvironmentVariable("WEBOCPERF_BENCH_KEEP_DATA") is null)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        else
        {
            Console.WriteLine($"server data and log kept in {DataDirectory}");
        }
    }

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

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}; see {DataDirectory}/server.log");
            }
            try
            {
                using var response = await http.GetAsync("api/v1/sessions");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the server did not answer within {limit}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
