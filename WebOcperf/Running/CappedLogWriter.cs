using System.Text;

namespace WebOcperf.Running;

/// <summary>
/// Writes a stream to a file up to a size cap, keeping the head as it arrives and the last part in memory, so a
/// workload that prints 100 MB leaves a log of bounded size that still shows how it started and how it ended.
/// </summary>
internal sealed class CappedLogWriter : IAsyncDisposable
{
    private readonly FileStream file;
    private readonly long headLimit;
    private readonly byte[] tail;
    private long tailWritten;
    private long totalBytes;

    public CappedLogWriter(string path, long maxBytes)
    {
        file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var tailSize = (int)Math.Clamp(maxBytes / 4, 1, 1024 * 1024);
        headLimit = Math.Max(0, maxBytes - tailSize);
        tail = new byte[tailSize];
    }

    public long TotalBytes => totalBytes;

    public async Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var toHead = (int)Math.Clamp(headLimit - totalBytes, 0, data.Length);
        if (toHead > 0)
        {
            await file.WriteAsync(data[..toHead], cancellationToken);
            // flush so the page can show the tail of a running workload
            await file.FlushAsync(cancellationToken);
        }
        foreach (var b in data.Span[toHead..])
        {
            tail[tailWritten % tail.Length] = b;
            tailWritten++;
        }
        totalBytes += data.Length;
    }

    public async ValueTask DisposeAsync()
    {
        if (tailWritten > 0)
        {
            var kept = (int)Math.Min(tailWritten, tail.Length);
            var omitted = tailWritten - kept;
            if (omitted > 0)
            {
                var marker = Encoding.UTF8.GetBytes(
                    $"\n[webocperf: {omitted:N0} bytes of output omitted here; {totalBytes:N0} bytes in all]\n");
                await file.WriteAsync(marker);
            }
            var start = (int)(tailWritten % tail.Length);
            if (tailWritten > tail.Length)
            {
                await file.WriteAsync(tail.AsMemory(start));
                await file.WriteAsync(tail.AsMemory(0, start));
            }
            else
            {
                await file.WriteAsync(tail.AsMemory(0, kept));
            }
        }
        await file.DisposeAsync();
    }
}
