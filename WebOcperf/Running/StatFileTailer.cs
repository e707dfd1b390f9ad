using System.Text;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Running;

/// <summary>
/// Follows the file perf stat writes with <c>-o</c> while it grows (perf flushes it after every interval) and hands
/// out each interval as soon as it is complete. Only whole lines are parsed: a line without its newline waits.
/// inotify wakes the reader when perf writes; a slow poll covers file systems where inotify says nothing.
/// </summary>
public sealed class StatFileTailer(string path, Action<IntervalSample, IntervalAssembler> onSample)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly IntervalAssembler assembler = new();
    private readonly byte[] buffer = new byte[64 * 1024];
    private readonly StringBuilder partialLine = new();
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private long position;

    public IntervalAssembler Assembler => assembler;

    /// <summary>Follows the file until <paramref name="stop"/> is cancelled, then reads what is left and flushes.</summary>
    public async Task FollowAsync(CancellationToken stop)
    {
        var directory = Path.GetDirectoryName(path)!;
        using var wake = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        FileSystemEventHandler onChange = (_, _) => ReleaseOnce(wake);
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.EnableRaisingEvents = true;

        while (!stop.IsCancellationRequested)
        {
            ReadAvailable();
            try
            {
                await wake.WaitAsync(PollInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        ReadAvailable();
        if (partialLine.Length > 0)
        {
            ParseLine(partialLine.ToString());
            partialLine.Clear();
        }
        if (assembler.Flush() is { } last)
        {
            onSample(last, assembler);
        }
    }

    private static void ReleaseOnce(SemaphoreSlim wake)
    {
        // one pending wake-up is enough: the reader reads everything that is there when it wakes
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private void ReadAvailable()
    {
        if (!File.Exists(path))
        {
            return;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 1);
        if (stream.Length < position)
        {
            return;
        }
        stream.Seek(position, SeekOrigin.Begin);
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            position += read;
            var charCount = decoder.GetChars(buffer, 0, read, chars, 0);
            Consume(chars.AsSpan(0, charCount));
        }
    }

    private void Consume(ReadOnlySpan<char> text)
    {
        while (true)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                partialLine.Append(text);
                return;
            }
            partialLine.Append(text[..newline]);
            ParseLine(partialLine.ToString());
            partialLine.Clear();
            text = text[(newline + 1)..];
        }
    }

    private void ParseLine(string line)
    {
        if (!PerfStatCsvParser.TryParseLine(line, intervalMode: true, out var parsed))
        {
            return;
        }
        foreach (var sample in assembler.Add(parsed))
        {
            onSample(sample, assembler);
        }
    }
}
