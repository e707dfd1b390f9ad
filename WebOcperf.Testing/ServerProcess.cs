using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WebOcperf.Testing;

/// <summary>
/// The built WebOcperf (<c>dotnet WebOcperf.dll</c>) as a child process on a free loopback port with a given data
/// directory: for the tests of what an in-process host cannot show (being killed, signalled and started again) and
/// for the benchmarks, which measure the shipped build from outside. The port and the data directory stay the same
/// across <see cref="RestartAsync"/>.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLogLines = 400;

    private readonly ServerOptions options;
    private readonly ConcurrentQueue<string> lastLines = new();
    private readonly Lock logFileLock = new();
    private StreamWriter? logFile;
    private Process? process;

    public ServerProcess(ServerOptions options)
    {
        this.options = options;
        Port = FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for <see cref="BaseAddress"/> with a generous timeout; it survives restarts.</summary>
    public HttpClient Http { get; }

    public string DataDirectory => options.DataDirectory;

    public int Pid => process?.Id ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>From the process start until <c>GET /api/v1/sessions</c> answered 200, for the last start.</summary>
    public TimeSpan LastStartTime { get; private set; }

    /// <summary>The server's last lines of output, for the message of a failing test.</summary>
    public string Log => string.Join('\n', lastLines);

    /// <summary>Starts a server and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(ServerOptions options)
    {
        var server = new ServerProcess(options);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The tests' usual server: the WebOcperf.dll beside them on <paramref name="dataDirectory"/>.</summary>
    public static Task<ServerProcess> StartAsync(string dataDirectory, ServerLaunch launch = ServerLaunch.Foreground) =>
        StartAsync(new ServerOptions(dataDirectory) { Launch = launch });

    /// <summary>Starts the process and waits until it answers the JSON API.</summary>
    public async Task StartAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }
        if (options.LogFile is not null)
        {
            lock (logFileLock)
            {
                logFile = new StreamWriter(options.LogFile, append: true) { AutoFlush = true };
            }
        }
        var stopwatch = Stopwatch.StartNew();
        process = Process.Start(StartInfo()) ?? throw new InvalidOperationException("dotnet could not be started.");
        // drained continuously: a full pipe would block the server's console logger (and distort a bench's timings)
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process, stopwatch);
        LastStartTime = stopwatch.Elapsed;
    }

    /// <summary>SIGTERM (the host shuts down, ends its runs and checkpoints SQLite), SIGKILL if it hangs.</summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            _ = Kill(process.Id, SignalNumber("TERM"));
            using var deadline = new CancellationTokenSource(options.StopTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync();
            }
        }
        await ForgetProcessAsync();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }
        await ForgetProcessAsync();
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (<c>INT</c> as Ctrl-C in the terminal, <c>TERM</c> as systemd or docker stop)
    /// and returns how long the server took to exit.
    /// </summary>
    public async Task<TimeSpan> SignalAndWaitForExitAsync(string signal)
    {
        var running = process ?? throw new InvalidOperationException("The server is not running.");
        var stopwatch = Stopwatch.StartNew();
        if (Kill(running.Id, SignalNumber(signal)) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {running.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await running.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"WebOcperf was still running 60 s after SIG{signal}; its log:\n{Log}");
        }
        var elapsed = stopwatch.Elapsed;
        await ForgetProcessAsync();
        return elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        if (options.DeleteDataDirectoryOnDispose)
        {
            Directory.Delete(options.DataDirectory, recursive: true);
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var startInfo = new ProcessStartInfo("env")
        {
            // the build output holds appsettings.json and the Razor views: the server's content root
            WorkingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(options.ServerDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A test run started as a background job (as CI may start it) ignores SIGINT, and so would the server, which
        // would then sleep through the Ctrl-C of the tests: env resets it. A background job is made with sh's trap.
        string[] launcher = options.Launch == ServerLaunch.Foreground
            ? ["--default-signal=INT,QUIT", "dotnet"]
            : ["/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "background-job", "dotnet"];
        string[] server =
        [
            options.ServerDll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--WebOcperf:DataDirectory", options.DataDirectory,
            // the server's own lines and its start and stop, with times, readable in a failing test's message
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:WebOcperf", "Information",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information", "--Logging:Console:TimestampFormat", "HH:mm:ss.fff ",
        ];
        foreach (var argument in launcher.Concat(server).Concat(options.Arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }
        // the production default: the development environment would add the exception page and file watchers
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in options.Environment)
        {
            startInfo.Environment[name] = value;
        }
        return startInfo;
    }

    private async Task WaitUntilReadyAsync(Process starting, Stopwatch stopwatch)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (stopwatch.Elapsed < options.StartTimeout)
        {
            if (starting.HasExited)
            {
                throw new InvalidOperationException($"WebOcperf exited with code {starting.ExitCode} while starting; its log:\n{Log}");
            }
            try
            {
                using var response = await probe.GetAsync("api/v1/sessions");
                // 401: a server that asks for a token is up too
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too busy starting to answer within the probe's timeout
            }
            await Task.Delay(50);
        }
        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
            $"WebOcperf did not answer within {options.StartTimeout.TotalSeconds:0} s; its log:\n{Log}"));
    }

    private async Task ForgetProcessAsync()
    {
        // the output readers finish once the pipes close; waiting for them keeps the last lines in the log
        if (process is not null)
        {
            await process.WaitForExitAsync();
            process.Dispose();
            process = null;
        }
        StreamWriter? finished;
        lock (logFileLock)
        {
            finished = logFile;
            logFile = null;
        }
        if (finished is not null)
        {
            await finished.DisposeAsync();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lastLines.Enqueue(line);
        while (lastLines.Count > KeptLogLines && lastLines.TryDequeue(out _))
        {
        }
        lock (logFileLock)
        {
            logFile?.WriteLine(line);
        }
    }

    private static int SignalNumber(string name) => name switch
    {
        "INT" => 2,
        "QUIT" => 3,
        "KILL" => 9,
        "TERM" => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "INT, QUIT, KILL or TERM"),
    };

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need AllowUnsafeBlocks for two ints
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
