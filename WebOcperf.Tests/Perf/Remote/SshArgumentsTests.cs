using WebOcperf.Perf.Remote;

namespace WebOcperf.Tests.Perf.Remote;

public sealed class SshArgumentsTests
{
    private static readonly SshEndpoint Endpoint = new("perf@lab-box", 2222, "/keys/id_ed25519", "/keys/known_hosts",
        "/data/ssh/%C", TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(5));

    [Fact]
    public void Every_command_runs_without_prompts_with_checked_host_keys_over_a_shared_connection()
    {
        var arguments = SshArguments.Script(Endpoint);

        foreach (var option in new[]
                 {
                     "BatchMode=yes", "StrictHostKeyChecking=yes", "ConnectTimeout=7", "ControlMaster=auto",
                     "ControlPath=/data/ssh/%C", "ControlPersist=300", "ServerAliveInterval=5", "ServerAliveCountMax=3",
                     "IdentityFile=/keys/id_ed25519", "IdentitiesOnly=yes", "UserKnownHostsFile=/keys/known_hosts",
                 })
        {
            var index = arguments.ToList().IndexOf(option);
            Assert.True(index > 0 && arguments[index - 1] == "-o", $"-o {option} is missing from: {string.Join(' ', arguments)}");
        }
        Assert.Equal(["-p", "2222"], arguments.SkipWhile(a => a != "-p").Take(2));
    }

    [Fact]
    public void The_destination_follows_the_end_of_options_and_the_remote_command_is_a_shell_reading_stdin()
    {
        var arguments = SshArguments.Script(Endpoint);

        Assert.Equal(["--", "perf@lab-box", "/bin/sh -s"], arguments.TakeLast(3));
    }

    [Fact]
    public void Control_commands_name_the_same_socket()
    {
        var arguments = SshArguments.Control(Endpoint, "exit");

        Assert.Contains("ControlPath=/data/ssh/%C", arguments);
        Assert.Equal(["-O", "exit", "--", "perf@lab-box"], arguments.TakeLast(4));
    }

    [Fact]
    public void Without_a_port_key_or_known_hosts_ssh_uses_its_own_configuration()
    {
        var arguments = SshArguments.Script(Endpoint with { Port = null, IdentityFile = null, KnownHostsFile = null });

        Assert.DoesNotContain("-p", arguments);
        Assert.DoesNotContain(arguments, a => a.StartsWith("IdentityFile=", StringComparison.Ordinal));
        Assert.DoesNotContain(arguments, a => a.StartsWith("UserKnownHostsFile=", StringComparison.Ordinal));
    }
}
