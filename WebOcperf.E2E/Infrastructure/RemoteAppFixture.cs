using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WebOcperf.Testing;

namespace WebOcperf.E2E.Infrastructure;

/// <summary>
/// A real sshd on loopback (<see cref="SshServer"/>) and a second app on a real Kestrel server that knows it as the host
/// <c>rig</c>, for the browser tests of remote hosts; the other browser tests keep their one-machine server, whose
/// pages name no hosts. Pages are opened with <see cref="AppFixture.NewPageAsync"/> and this app's <see cref="BaseUrl"/>.
/// </summary>
public sealed class RemoteAppFixture : IAsyncLifetime
{
    public const string HostName = "rig";

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("webocperf-e2e-remote-").FullName;
    private WebApplicationFactory<Program>? factory;

    public SshServer Ssh { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Ssh = await SshServer.StartAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("WebOcperf:DataDirectory", dataDirectory);
            builder.UseSetting("WebOcperf:MaxRunDuration", "00:02:00");
            foreach (var (key, value) in Ssh.HostSettings(HostName))
            {
                builder.UseSetting(key, value);
            }
            // the rig's catalog has Intel's Skylake events, this machine's (the AMD fixture) has none
            builder.UseSetting("WebOcperf:Hosts:0:EventMap", CatalogFixtures.SkylakeCoreEventFile);
            foreach (var (key, value) in CatalogFixtures.Settings(Path.Combine(dataDirectory, "pmu-events")))
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
        if (Ssh is not null)
        {
            await Ssh.DisposeAsync();
        }
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by an exiting process; the directory lives in the temp folder
        }
    }
}
