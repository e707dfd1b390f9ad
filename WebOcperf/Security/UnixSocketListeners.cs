using System.Net.Sockets;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebOcperf.Security;

/// <summary>
/// Unix-socket listeners (<c>--urls http://unix:/run/user/$UID/webocperf.sock</c>), the set-up for machines other people
/// log in to: TCP loopback is open to every local user, a socket only to whoever may open its file. Kestrel creates the
/// socket with the process's umask (usually 0755: anyone can connect), so the socket must sit in a directory only its
/// owner can enter — created 0700 when missing, refused when group or others can enter it — and is made 0600 as soon as
/// the server listens. Whoever connects is then the server's own user, so no token is asked for on it.
/// </summary>
public sealed partial class UnixSocketListeners(ListenAddresses listen, IHostApplicationLifetime lifetime,
    ILogger<UnixSocketListeners> logger) : IHostedLifecycleService
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlySocket = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The socket's path of a <c>http://unix:/path</c> address, or null for any other address.</summary>
    public static string? SocketPathOf(string url)
    {
        const string marker = "://unix:";
        var at = url.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : url[(at + marker.Length)..].TrimEnd('/');
    }

    /// <summary>
    /// Before the server binds: each socket's directory exists and only its owner can enter it. A socket file left by
    /// a server that was killed is removed (nothing answers on it), since binding would fail on it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A socket's directory is open to other users, or a server answers on the socket.</exception>
    public static void PrepareDirectories(ListenAddresses listen)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var socketPath in listen.Urls.Select(SocketPathOf).OfType<string>())
        {
            if (!Path.IsPathFullyQualified(socketPath))
            {
                throw new InvalidOperationException($"The Unix socket '{socketPath}' needs an absolute path (http://unix:/run/user/<uid>/webocperf.sock).");
            }
            var directory = Path.GetDirectoryName(socketPath)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
            var mode = File.GetUnixFileMode(directory);
            if ((mode & OthersAccess) != 0)
            {
                throw new InvalidOperationException(
                    $"The Unix socket's directory '{directory}' can be entered by other users (mode {Octal(mode)}), so they could " +
                    "connect before the socket is made private. Put the socket in a directory only you can enter " +
                    "(chmod 700), such as /run/user/$UID.");
            }
            if (File.Exists(socketPath))
            {
                RemoveStaleSocket(socketPath);
            }
        }
    }

    private static void RemoveStaleSocket(string socketPath)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException)
        {
            File.Delete(socketPath);
            return;
        }
        throw new InvalidOperationException($"Something already answers on the Unix socket '{socketPath}'; stop it or choose another path.");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    /// <summary>Runs before any hosted service starts, the web server (which binds the sockets) included.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        PrepareDirectories(listen);
        lifetime.ApplicationStarted.Register(MakeSocketsPrivate);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void MakeSocketsPrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        foreach (var socketPath in listen.Urls.Select(SocketPathOf).OfType<string>())
        {
            File.SetUnixFileMode(socketPath, OwnerOnlySocket);
            LogListening(socketPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "WebOcperf listens on the Unix socket {SocketPath} (mode 0600: only its owner can connect, so no token is asked for on it). " +
                  "From another machine: ssh -L 5000:{SocketPath} <this host>, then open http://localhost:5000")]
    private partial void LogListening(string socketPath);
}

/// <summary>
/// The connections that came in through a Unix socket, by connection id: Kestrel (.NET 10) tells a request neither its
/// listener nor its connection's end points, so each Unix-socket listener notes its connections as they open and close.
/// </summary>
public sealed class UnixSocketConnections
{
    private readonly ConcurrentDictionary<string, byte> open = new();

    /// <summary>Whether the request came through a Unix socket.</summary>
    public bool Contains(HttpContext context) => context.Connection.Id is { } id && open.ContainsKey(id);

    /// <summary>Makes every Unix-socket listener note its connections (TCP listeners are left as they are).</summary>
    public void Watch(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listener =>
        {
            if (listener.EndPoint is not UnixDomainSocketEndPoint)
            {
                return;
            }
            listener.Use(next => async connection =>
            {
                open[connection.ConnectionId] = 0;
                try
                {
                    await next(connection);
                }
                finally
                {
                    open.TryRemove(connection.ConnectionId, out _);
                }
            });
        });
}
