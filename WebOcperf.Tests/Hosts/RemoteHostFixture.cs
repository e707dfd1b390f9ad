using WebOcperf.Testing;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Hosts;

/// <summary>
/// A real sshd on loopback, and the app with three hosts: <c>loopback</c> (that sshd), <c>closed</c> (a port nobody
/// listens on), <c>impostor</c> (that sshd, but known_hosts records another key) and <c>stranger</c> (known_hosts
/// does not know it).
/// </summary>
public sealed class RemoteHostFixture : SshAppFixture<RemoteAppFactory>
{
    protected override RemoteAppFactory CreateApp(SshServer ssh) => new(ssh);
}

/// <summary>A real sshd on loopback (started first, stopped last) and an app whose hosts it serves.</summary>
public abstract class SshAppFixture<TFactory> : IAsyncLifetime
    where TFactory : WebOcperfFactory
{
    public SshServer Ssh { get; private set; } = null!;
    public TFactory App { get; private set; } = null!;

    /// <summary>The app, configured with hosts that <paramref name="ssh"/> serves.</summary>
    protected abstract TFactory CreateApp(SshServer ssh);

    public async ValueTask InitializeAsync()
    {
        Ssh = await SshServer.StartAsync();
        App = CreateApp(Ssh);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Ssh.DisposeAsync();
    }
}

public sealed class RemoteAppFactory(SshServer ssh) : WebOcperfFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings
    {
        get
        {
            var settings = ssh.HostSettings("loopback", 0);
            foreach (var (key, value) in ssh.HostSettings("impostor", 1, ssh.WrongKnownHostsFile))
            {
                settings[key] = value;
            }
            foreach (var (key, value) in ssh.HostSettings("stranger", 2, ssh.EmptyKnownHostsFile))
            {
                settings[key] = value;
            }
            settings["WebOcperf:Hosts:3:Name"] = "closed";
            settings["WebOcperf:Hosts:3:Destination"] = ssh.Destination;
            // the discard port: nothing listens on loopback there
            settings["WebOcperf:Hosts:3:Port"] = "9";
            settings["WebOcperf:Hosts:3:IdentityFile"] = ssh.IdentityFile;
            settings["WebOcperf:Hosts:3:KnownHostsFile"] = ssh.KnownHostsFile;
            settings["WebOcperf:SshConnectTimeout"] = "00:00:05";
            settings["WebOcperf:HostCheckCacheDuration"] = "00:00:02";
            return settings;
        }
    }
}
