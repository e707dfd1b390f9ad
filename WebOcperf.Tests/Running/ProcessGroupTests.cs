using System.Diagnostics;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

/// <summary>How the runner tells whether anything of a run's process group still runs.</summary>
public sealed class ProcessGroupTests
{
    // A parent outside the group starts a child that leads a group of its own and sleeps; on a line from stdin the
    // parent SIGKILLs it and does not reap it, so the group is left holding a zombie — as perf -I leaves its
    // workload. The script reports each state only once /proc shows it, so the test needs no waiting of its own.
    private const string ZombieGroupScript = """
        use strict;
        sub stat_fields { my ($pid) = @_; open(my $f, '<', "/proc/$pid/stat") or die "$!"; my $s = <$f>; close $f;
                          return split / /, substr($s, rindex($s, ')') + 2); }
        my $pid = fork() // die "fork: $!";
        if ($pid == 0) { setpgrp(0, 0); sleep 60; exit 0; }
        $| = 1;
        select(undef, undef, undef, 0.01) until (stat_fields($pid))[2] == $pid;
        print "$pid\n";
        <STDIN>;
        kill 'KILL', $pid;
        select(undef, undef, undef, 0.01) until (stat_fields($pid))[0] eq 'Z';
        print "zombie\n";
        sleep 60;
        """;

    [Fact]
    public async Task A_group_left_with_only_a_zombie_has_no_running_members_though_it_still_exists()
    {
        var startInfo = new ProcessStartInfo("perl") { RedirectStandardInput = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add(ZombieGroupScript);
        using var parent = Process.Start(startInfo)!;
        try
        {
            var group = int.Parse((await parent.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken))!);
            Assert.True(ProcessGroup.HasRunningMembers(group));

            await parent.StandardInput.WriteLineAsync("kill");
            await parent.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
            Assert.Equal("zombie", await parent.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));

            Assert.True(ProcessGroup.IsAlive(group), "kill(-group, 0) still finds the zombie");
            Assert.False(ProcessGroup.HasRunningMembers(group));
        }
        finally
        {
            parent.Kill();
            await parent.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
