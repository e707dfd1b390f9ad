using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

/// <summary>The free-space check that keeps a run from filling the disk it shares with the database.</summary>
public sealed class FreeSpaceTests
{
    [Fact]
    public void Below_the_minimum_the_problem_says_how_much_is_free_where_and_which_setting()
    {
        var problem = FreeSpace.Problem("/srv/webocperf", 300L * 1024 * 1024, 1L << 30);

        Assert.Equal("only 300 MiB is free where the results go (/srv/webocperf), less than the 1 GiB WebOcperf:MinFreeDiskBytes " +
            "asks for; free some space (or delete old benchmarks) and run it again", problem);
        Assert.Null(FreeSpace.Problem("/srv/webocperf", 2L << 30, 1L << 30));
    }

    [Fact]
    public void The_check_reads_the_real_file_system_and_zero_turns_it_off()
    {
        var directory = Path.GetTempPath();

        Assert.True(FreeSpace.AvailableBytes(directory) > 0);
        Assert.Contains("WebOcperf:MinFreeDiskBytes", FreeSpace.Check(directory, long.MaxValue));
        Assert.Null(FreeSpace.Check(directory, 1));
        Assert.Null(FreeSpace.Check(directory, 0));
    }
}
