using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebOcperf.Testing;

/// <summary>
/// A real OpenSSH server for the tests of remote hosts: <c>sshd -D</c> on a free loopback port, from a configuration in a
/// temporary directory with a throw-away host key, user key and known_hosts, stopped by its pid. Run as root, it logs in
/// an unprivileged user with <c>/bin/sh</c> as its shell (made with useradd when missing), so that the kernel's perf
/// limits for ordinary users apply and no start-up file of root's shell slows a login.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    /// <summary>The remote user when the tests run as root.</summary>
    public const string UnprivilegedUser = "webocperf-remote";

    public const string SshdPath = "/usr/sbin/sshd";

    private static readonly SemaphoreSlim UserCreation = new(1, 1);

    private readonly Process sshd;

    private SshServer(string directory, int port, string user, Process sshd)
    {
        Directory = directory;
        Port = port;
        User = user;
        this.sshd = sshd;
    }

    public string Directory { get; }
    public int Port { get; }
    public string User { get; }
    public int Pid => sshd.Id;
    public string Destination => $"{User}@127.0.0.1";
    public string IdentityFile => Path.Combine(Directory, "user_key");
    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    /// <summary>A known_hosts that records another key for this server, as after a reinstall or with a man in the middle.</summary>
    public string WrongKnownHostsFile => Path.Combine(Directory, "wrong_known_hosts");

    /// <summary>A known_hosts that does not know this server at all.</summary>
    public string EmptyKnownHostsFile => Path.Combine(Directory, "empty_known_hosts");

    public static bool IsAvailable => File.Exists(SshdPath);

    public static async Task<SshServer> StartAsync()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"{SshdPath} is missing: install openssh-server (.ci/test does)");
        }
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the remote-host tests need a Linux sshd");
        }
        var directory = System.IO.Directory.CreateTempSubdirectory("webocperf-sshd-").FullName;
        // the remote user reads authorized_keys from here
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var user = Environment.UserName == "root" ? await EnsureUnprivilegedUserAsync() : Environment.UserName;
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "webocperf-test-host", "-f", Path.Combine(directory, "host_key"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "webocperf-test-other-host", "-f", Path.Combine(directory, "other_host_key"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "webocperf-test-user", "-f", Path.Combine(directory, "user_key"));
        var authorizedKeys = Path.Combine(directory, "authorized_keys");
        File.Copy(Path.Combine(directory, "user_key.pub"), authorizedKeys);
        File.SetUnixFileMode(authorizedKeys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(directory, "known_hosts"),
            $"[127.0.0.1]:{port} {await File.ReadAllTextAsync(Path.Combine(directory, "host_key.pub"))}");
        await File.WriteAllTextAsync(Path.Combine(directory, "wrong_known_hosts"),
            $"[127.0.0.1]:{port} {await File.ReadAllTextAsync(Path.Combine(directory, "other_host_key.pub"))}");
        await File.WriteAllTextAsync(Path.Combine(directory, "empty_known_hosts"), "");
        var config = Path.Combine(directory, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            ListenAddress 127.0.0.1
            HostKey {directory}/host_key
            AuthorizedKeysFile {authorizedKeys}
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PidFile none
            AllowUsers {user}
            MaxSessions 100
            MaxStartups 100
            LogLevel ERROR

            """);
        if (Environment.UserName == "root")
        {
            // sshd's privilege separation directory, which the openssh-server package's service would make
            System.IO.Directory.CreateDirectory("/run/sshd");
        }

        var startInfo = new ProcessStartInfo(SshdPath, ["-D", "-e", "-f", config, "-p", port.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(startInfo)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new SshServer(directory, port, user, process);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Configuration that makes this server the host <paramref name="name"/> (entry <paramref name="index"/>).</summary>
    public Dictionary<string, string?> HostSettings(string name, int index = 0, string? knownHostsFile = null) => new()
    {
        [$"WebOcperf:Hosts:{index}:Name"] = name,
        [$"WebOcperf:Hosts:{index}:Destination"] = Destination,
        [$"WebOcperf:Hosts:{index}:Port"] = Port.ToString(),
        [$"WebOcperf:Hosts:{index}:IdentityFile"] = IdentityFile,
        [$"WebOcperf:Hosts:{index}:KnownHostsFile"] = knownHostsFile ?? KnownHostsFile,
    };

    /// <summary>Runs a /bin/sh script on the server over a connection of its own (not the server's shared one).</summary>
    public async Task<string> ShellAsync(string script)
    {
        var startInfo = new ProcessStartInfo("ssh", ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
            "-o", $"UserKnownHostsFile={KnownHostsFile}", "-o", $"IdentityFile={IdentityFile}", "-o", "IdentitiesOnly=yes",
            "-o", "ControlMaster=no", "-o", "ControlPath=none", "-p", Port.ToString(), "--", Destination, "/bin/sh -s"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(startInfo)!;
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode == 255)
        {
            throw new InvalidOperationException($"ssh to the test server failed: {await stderr}");
        }
        return await stdout;
    }

    /// <summary>
    /// Cuts every open connection: SIGKILL to the sshd processes serving them (the listener's descendants named sshd),
    /// as when a link dies. The users' processes on the server are left alone.
    /// </summary>
    public int KillSessions()
    {
        var killed = 0;
        foreach (var pid in Descendants(sshd.Id).Where(pid => CommandName(pid) == "sshd"))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // it ended by itself meanwhile
            }
        }
        return killed;
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        var found = new HashSet<int> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
            {
                if (found.Contains(parent) && found.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);
        found.Remove(root);
        return found;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string? CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (sshd.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with code {sshd.ExitCode} while starting");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException("sshd did not listen within 20 s");
    }

    private static async Task<string> EnsureUnprivilegedUserAsync()
    {
        await UserCreation.WaitAsync();
        try
        {
            if (await RunAsync("id", "-u", UnprivilegedUser) != 0)
            {
                await RunAsync("useradd", "--create-home", "--shell", "/bin/sh", UnprivilegedUser);
            }
            // useradd locks the new account ('!'), and sshd without PAM refuses a locked account even for a key
            await RunAsync("usermod", "-p", "*", UnprivilegedUser);
            return UnprivilegedUser;
        }
        finally
        {
            UserCreation.Release();
        }
    }

    private static async Task<int> RunAsync(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!sshd.HasExited)
        {
            sshd.Kill();
            await sshd.WaitForExitAsync();
        }
        sshd.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // the temp folder keeps it
        }
    }
}
