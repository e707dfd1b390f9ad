using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WebOcperf.Bench.Shared;

namespace WebOcperf.Bench.RecordPage;

/// <summary>
/// The built WebOcperf (<c>dotnet WebOcperf.dll</c>) as a child process on a loopback port, with its own data
/// directory. Restarting it on the same port and directory gives the cold path: an empty in-memory cache, so the
/// next request for a recording loads the profile cache file from disk.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly string serverDll;
    private readonly string dataDirectory;
    private readonly string logPath;
    private Process? process;
    private StreamWriter? log;

    public ServerProcess(string serverDll, string dataDirectory)
    {
        this.serverDll = serverDll;
        this.dataDirectory = dataDirectory;
        logPath = Path.Combine(dataDirectory, "server.log");
        Port = FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int? Pid => process?.Id;

    /// <summary>From process start until <c>GET /api/v1/sessions</c> answers 200.</summary>
    public TimeSpan LastStartTime { get; private set; }

    public async Task StartAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { serverDll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--WebOcperf:DataDirectory", dataDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }
        // the production default: the development environment would add the exception page and file watchers
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var stopwatch = Stopwatch.StartNew();
        process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
        // drained continuously: a full pipe would block the server's console logger and distort every timing
        process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode} while starting; see {logPath}.");
            }
            try
            {
                using var response = await probe.GetAsync("/api/v1/sessions");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    LastStartTime = stopwatch.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The server did not answer within {StartTimeout.TotalSeconds:0} s; see {logPath}.");
    }

    /// <summary>SIGTERM to the server's pid (a graceful shutdown checkpoints SQLite), SIGKILL if it hangs.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }
        await GracefulStop.StopAsync(process, StopTimeout);
        process.Dispose();
        process = null;
        StreamWriter? finished;
        lock (logPath)
        {
            finished = log;
            log = null;
        }
        await (finished?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (logPath)
        {
            log?.WriteLine(line);
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
