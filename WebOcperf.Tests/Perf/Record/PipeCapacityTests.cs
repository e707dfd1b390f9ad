using System.Diagnostics;
using WebOcperf.Perf.Record;

namespace WebOcperf.Tests.Perf.Record;

public class PipeCapacityTests
{
    [Fact]
    public void The_stdout_pipe_of_a_child_process_can_be_enlarged_and_a_file_cannot()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "echo hi" }, RedirectStandardOutput = true })!;

        Assert.True(PipeCapacity.TryEnlarge(child.StandardOutput.BaseStream, PipeCapacity.Preferred));
        Assert.Equal("hi", child.StandardOutput.ReadToEnd().Trim());
        child.WaitForExit();

        var file = Path.GetTempFileName();
        try
        {
            using var stream = File.OpenRead(file);
            Assert.False(PipeCapacity.TryEnlarge(stream, PipeCapacity.Preferred));
            Assert.False(PipeCapacity.TryEnlarge(new MemoryStream(), PipeCapacity.Preferred));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
