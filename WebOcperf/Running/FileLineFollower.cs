using System.Text;

namespace WebOcperf.Running;

/// <summary>
/// Follows a local file while it grows (perf stat flushes its <c>-o</c> file after every interval) and hands out each
/// whole line as soon as it is there: a line without its newline waits for the rest. inotify wakes the reader when the
/// file is written; a slow poll covers file systems where inotify says nothing.
/// </summary>
public sealed class FileLineFollower(string path, Action<string> onLine)
{
    /// <summary>How often to look while inotify has not yet said anything (the file may not exist yet).</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Once inotify has proven to work for this file, only a rare safety look is needed.</summary>
    private static readonly TimeSpan PollIntervalWithInotify = TimeSpan.FromSeconds(2);

    private const int BufferSize = 64 * 1024;

    // allocated once: a buffer per wake-up would land on the large object heap ten times a second
    private readonly byte[] buffer = new byte[BufferSize];
    private readonly char[] chars = new char[Encoding.UTF8.GetMaxCharCount(BufferSize)];
    private readonly StringBuilder partialLine = new();
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private FileStream? stream;
    private volatile bool inotifySpoke;

    /// <summary>
    /// Follows the file until <paramref name="stop"/> is cancelled, then reads what is left and hands out a last line
    /// that has no newline.
    /// </summary>
    public async Task FollowAsync(CancellationToken stop)
    {
        var directory = Path.GetDirectoryName(path)!;
        using var wake = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        FileSystemEventHandler onChange = (_, _) =>
        {
            inotifySpoke = true;
            ReleaseOnce(wake);
        };
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.EnableRaisingEvents = true;

        try
        {
            while (!stop.IsCancellationRequested)
            {
                ReadAvailable();
                try
                {
                    await wake.WaitAsync(inotifySpoke ? PollIntervalWithInotify : PollInterval, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            ReadAvailable();
        }
        finally
        {
            stream?.Dispose();
        }
        if (partialLine.Length > 0)
        {
            onLine(partialLine.ToString());
            partialLine.Clear();
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

    /// <summary>Reads what was appended since the last look; the file stays open between looks.</summary>
    private void ReadAvailable()
    {
        if (stream is null)
        {
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            }
            catch (FileNotFoundException)
            {
                // perf has not created it yet
                return;
            }
        }
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
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
            onLine(partialLine.ToString());
            partialLine.Clear();
            text = text[(newline + 1)..];
        }
    }
}
