using System.Text;
using WebOcperf.Perf.Stat;

namespace WebOcperf.Bench.Tailer;

/// <summary>
/// The tailer as it is proposed for the product: the same parser and assembler as StatFileTailer, but it keeps one
/// FileStream open for the whole run, reuses its byte and char buffers, and checks the file's length before reading.
/// StatFileTailer opens the file (plus File.Exists) and allocates a 128 KiB char[] — on the large object heap — on
/// every wake-up, about 14 times a second (10 intervals + 4 polls).
/// </summary>
public sealed class LeanTailer(string path, Action<IntervalSample, IntervalAssembler> onSample)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly IntervalAssembler assembler = new();
    private readonly byte[] buffer = new byte[16 * 1024];
    private readonly char[] chars = new char[Encoding.UTF8.GetMaxCharCount(16 * 1024)];
    private readonly StringBuilder partialLine = new();
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private FileStream? stream;

    public async Task FollowAsync(CancellationToken stop)
    {
        using var wake = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName,
        };
        FileSystemEventHandler onChange = (_, _) =>
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
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
                    await wake.WaitAsync(PollInterval, stop);
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
    }

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
                return;
            }
        }
        // a plain read at the current offset returns 0 at the end: no stat, no seek, no allocation when nothing is new
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
            if (PerfStatCsvParser.TryParseLine(partialLine.ToString(), intervalMode: true, out var parsed))
            {
                foreach (var sample in assembler.Add(parsed))
                {
                    onSample(sample, assembler);
                }
            }
            partialLine.Clear();
            text = text[(newline + 1)..];
        }
    }
}
