using System.Text;
using WebOcperf.Running;

namespace WebOcperf.Tests.Running;

public sealed class CappedLogWriterTests : IDisposable
{
    private readonly string path = Path.GetTempFileName();

    public void Dispose() => File.Delete(path);

    [Fact]
    public async Task Output_within_the_cap_is_kept_whole()
    {
        await using (var writer = new CappedLogWriter(path, 1024))
        {
            await writer.CopyFromAsync(new MemoryStream("hello\nworld\n"u8.ToArray()), CancellationToken.None);
        }

        Assert.Equal("hello\nworld\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Large_output_keeps_head_and_tail_and_says_how_much_was_left_out()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            text.Append($"line {i}\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        await using (var writer = new CappedLogWriter(path, 4096))
        {
            await writer.CopyFromAsync(new MemoryStream(bytes), CancellationToken.None);
            Assert.Equal(bytes.Length, writer.TotalBytes);
        }

        var log = await File.ReadAllTextAsync(path);
        Assert.StartsWith("line 0\nline 1\n", log);
        Assert.EndsWith("line 99999\n", log);
        Assert.Contains("bytes of output omitted here", log);
        Assert.True(new FileInfo(path).Length < 4096 + 200);
    }
}
