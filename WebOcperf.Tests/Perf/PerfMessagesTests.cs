using WebOcperf.Perf;
using WebOcperf.Tests.Infrastructure;

namespace WebOcperf.Tests.Perf;

public sealed class PerfMessagesTests
{
    [Fact]
    public void The_usage_text_after_a_syntax_error_is_dropped()
    {
        var text = PerfMessages.ErrorText(Golden.Read("Perf", "Stat", "Golden", "unknown-event.stderr"));

        Assert.StartsWith("event syntax error: 'task-clock,bogus'", text);
        Assert.Contains("parser error", text);
        Assert.DoesNotContain("Usage", text);
    }

    [Theory]
    [InlineData(3, "status 3")]
    [InlineData(127, "command not found")]
    [InlineData(137, "signal 9 (SIGKILL")]
    public void Workload_statuses_are_described(int status, string expected)
    {
        Assert.Contains(expected, PerfMessages.DescribeWorkloadStatus(status));
    }
}
