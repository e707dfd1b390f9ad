using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Security;

/// <summary>
/// The Unix-socket listener for shared machines: only its owner can connect (0600 socket in a 0700 directory), so no
/// token is asked for on it, while the TCP listener of the same server still asks for one.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnixSocketListenerTests : IDisposable
{
    private const string Token = "a-token-of-at-least-16-chars";

    // Directory.CreateTempSubdirectory makes it 0700
    private readonly TemporaryDataDirectory socketParent = new("webocperf-socket-");

    public void Dispose() => socketParent.Dispose();

    private sealed class ListeningOn(string urls) : WebOcperfFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["WebOcperf:RequireAccessToken"] = "true",
            ["WebOcperf:AccessToken"] = Token,
        };
    }

    private static HttpClient ClientOver(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://localhost") };

    [Fact]
    public async Task A_request_over_the_socket_needs_no_token_and_only_the_owner_can_open_the_socket()
    {
        var socketDirectory = Path.Combine(socketParent.Path, "run");
        var socketPath = Path.Combine(socketDirectory, "webocperf.sock");
        await using var factory = new ListeningOn($"http://127.0.0.1:0;http://unix:{socketPath}");
        factory.UseKestrel();
        factory.StartServer();
        using var overSocket = ClientOver(socketPath);
        using var overTcp = new HttpClient { BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))) };

        var session = await overSocket.PostAsync("/api/v1/sessions",
            new StringContent("""{"title":"over the socket"}""", System.Text.Encoding.UTF8, "application/json"));
        var page = await overSocket.GetAsync("/");
        var tcp = await overTcp.GetAsync("/api/v1/sessions");

        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tcp.StatusCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(socketDirectory));
    }

    [Fact]
    public async Task A_socket_in_a_directory_other_users_can_enter_is_refused_at_start()
    {
        var socketDirectory = Path.Combine(socketParent.Path, "open");
        Directory.CreateDirectory(socketDirectory);
        File.SetUnixFileMode(socketDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
        await using var factory = new ListeningOn($"http://unix:{Path.Combine(socketDirectory, "webocperf.sock")}");
        factory.UseKestrel();

        var refused = Assert.ThrowsAny<Exception>(factory.StartServer);

        Assert.Contains("can be entered by other users (mode 0755)", refused.ToString());
        Assert.False(File.Exists(Path.Combine(socketDirectory, "webocperf.sock")));
    }
}
