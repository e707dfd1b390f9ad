using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// WebOcperf as a real process (the built WebOcperf.dll next to the tests), on a free loopback port and a given data
/// directory, for what an in-process host cannot show: being killed and started again.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, int port)
    {
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public int Pid => process.Id;

    public static async Task<ServerProcess> StartAsync(string dataDirectory)
    {
        var port = FreePort();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "WebOcperf.dll"), "--urls", $"http://127.0.0.1:{port}",
                     "--WebOcperf:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>SIGINT, as Ctrl-C in the terminal; returns how long the server took to exit.</summary>
    public async Task<TimeSpan> InterruptAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return stopwatch.Elapsed;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"WebOcperf exited with code {process.ExitCode} while starting");
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
        throw new TimeoutException("WebOcperf did not start within 60 s");
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
