using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// WebOcperf as a real process (the built WebOcperf.dll next to the tests), on a free loopback port and a given data
/// directory, for what an in-process host cannot show: being killed and started again. Its deadlines are long because
/// a cold server competing with the rest of the suite on two cores took up to 46 s to answer (measured); they only
/// decide how long a real failure takes to report.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLogLines = 400;

    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> log = new();

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public int Pid => process.Id;

    /// <summary>How the server is started, as far as signals go.</summary>
    public enum Launch
    {
        /// <summary>As from a terminal: Ctrl-C (SIGINT) reaches it, also when the test run itself ignores SIGINT.</summary>
        Foreground,

        /// <summary>
        /// As <c>dotnet run &amp;</c> from a script or <c>nohup</c> does: SIGINT and SIGQUIT ignored, which every child
        /// inherits unless it resets them.
        /// </summary>
        BackgroundJob,
    }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, Launch launch = Launch.Foreground)
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo("env")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A test run started as a background job (as CI may start it) ignores SIGINT, and so would the server, which
        // would then sleep through the Ctrl-C of the tests: env resets it. A background job is made with sh's trap.
        string[] prefix = launch == Launch.Foreground
            ? ["--default-signal=INT,QUIT", "dotnet"]
            : ["/bin/sh", "-c", "trap '' INT QUIT; exec \"$@\"", "background-job", "dotnet"];
        foreach (var argument in prefix.Concat(new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "WebOcperf.dll"), "--urls", $"http://127.0.0.1:{port}",
                     "--WebOcperf:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning",
                     "--Logging:LogLevel:WebOcperf", "Information", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information", "--Logging:Console:TimestampFormat", "HH:mm:ss.fff ",
                 }))
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(startInfo)!;
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (INT as Ctrl-C in the terminal, TERM as systemd or docker stop) and returns how
    /// long the server took to exit.
    /// </summary>
    public async Task<TimeSpan> SignalAndWaitForExitAsync(string signal)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"WebOcperf was still running 60 s after SIG{signal}; its log:\n{Log}");
        }
        return stopwatch.Elapsed;
    }

    /// <summary>The server's last lines of output, for the message of a failing test.</summary>
    public string Log => string.Join('\n', log);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        log.Enqueue(line);
        while (log.Count > KeptLogLines && log.TryDequeue(out _))
        {
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"WebOcperf exited with code {process.ExitCode} while starting; its log:\n{Log}");
            }
            try
            {
                using var response = await Http.GetAsync("api/v1/sessions");
                if (response.IsSuccessStatusCode)
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
        throw new TimeoutException($"WebOcperf did not start within 180 s; its log:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            await KillAsync();
        }
        process.Dispose();
    }
}
