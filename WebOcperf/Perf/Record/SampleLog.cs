using System.Runtime.CompilerServices;

namespace WebOcperf.Perf.Record;

/// <summary>One sample as kept in the sample log: ids point into the <see cref="RecordProfile"/> tables.</summary>
internal readonly record struct LoggedSample(long TimeNs, int StackId, int TaskId, long Period);

/// <summary>
/// Where every <see cref="SampleLogWriter.CheckpointInterval"/>-th record starts, with the time it is a delta from,
/// so a time-range query can start decoding near its range instead of at the beginning of the log.
/// </summary>
internal readonly record struct SampleLogCheckpoint(long TimeNs, long ByteOffset, long PreviousTimeNs);

/// <summary>
/// Writes the sample log: one compact record per sample (LEB128 varints: zig-zag time delta, stack id, task id,
/// period), typically 7–9 bytes. It lives on disk beside perf.data so that memory while ingesting and while serving
/// stays bounded by distinct stacks, yet any time range can be re-aggregated exactly without running perf script again.
/// </summary>
internal sealed class SampleLogWriter : IDisposable
{
    public static ReadOnlySpan<byte> Magic => "WOPSLOG1"u8;

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private long _previousTimeNs;

    public SampleLogWriter(Stream output)
    {
        _output = output;
        Magic.CopyTo(_buffer);
        _length = Magic.Length;
    }

    public const int CheckpointInterval = 4096;

    private readonly List<SampleLogCheckpoint> _checkpoints = [];
    private long _sampleCount;

    public long BytesWritten { get; private set; }

    public IReadOnlyList<SampleLogCheckpoint> Checkpoints => _checkpoints;

    /// <summary>Whether times never decreased; only then may a range query skip and stop early.</summary>
    public bool TimeOrdered { get; private set; } = true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(long timeNs, int stackId, int taskId, long period)
    {
        // Four varints of at most 10 bytes each.
        if (_length > _buffer.Length - 40)
        {
            Flush();
        }
        if (_sampleCount++ % CheckpointInterval == 0)
        {
            _checkpoints.Add(new SampleLogCheckpoint(timeNs, BytesWritten + _length, _previousTimeNs));
        }
        if (timeNs < _previousTimeNs)
        {
            TimeOrdered = false;
        }
        var delta = timeNs - _previousTimeNs;
        _previousTimeNs = timeNs;
        WriteVarint((ulong)((delta << 1) ^ (delta >> 63)));
        WriteVarint((uint)stackId);
        WriteVarint((uint)taskId);
        WriteVarint((ulong)period);
    }

    public void Flush()
    {
        _output.Write(_buffer, 0, _length);
        BytesWritten += _length;
        _length = 0;
    }

    public void Dispose()
    {
        Flush();
        _output.Flush();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_length++] = (byte)value;
    }
}

/// <summary>Reads a sample log written by <see cref="SampleLogWriter"/>.</summary>
internal static class SampleLogReader
{
    /// <summary>The samples with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>, in log order.</summary>
    /// <param name="timeOrdered">
    /// True when the log's times never decrease: reading then starts at the last checkpoint before the range and
    /// stops at the first sample after it, so a short range costs little even in a long recording.
    /// </param>
    public static IEnumerable<LoggedSample> Read(string path, long startNs, long endNs,
        IReadOnlyList<SampleLogCheckpoint> checkpoints, bool timeOrdered)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[256 * 1024];
        var filled = ReadAtLeast(stream, buffer, 0, SampleLogWriter.Magic.Length);
        if (filled < SampleLogWriter.Magic.Length || !buffer.AsSpan(0, SampleLogWriter.Magic.Length).SequenceEqual(SampleLogWriter.Magic))
        {
            throw new InvalidDataException($"{path} is not a WebOcperf sample log");
        }
        var position = SampleLogWriter.Magic.Length;
        long timeNs = 0;
        if (timeOrdered && StartCheckpoint(checkpoints, startNs) is { } checkpoint)
        {
            stream.Position = checkpoint.ByteOffset;
            timeNs = checkpoint.PreviousTimeNs;
            filled = position = 0;
        }
        while (true)
        {
            // Refill so that one whole record (at most 40 bytes) is always in the buffer.
            if (filled - position < 40)
            {
                Buffer.BlockCopy(buffer, position, buffer, 0, filled - position);
                filled -= position;
                position = 0;
                filled += ReadAtLeast(stream, buffer, filled, buffer.Length - filled);
                if (filled == 0)
                {
                    yield break;
                }
            }
            var zigZag = ReadVarint(buffer, ref position);
            timeNs += (long)(zigZag >> 1) ^ -(long)(zigZag & 1);
            var stackId = (int)ReadVarint(buffer, ref position);
            var taskId = (int)ReadVarint(buffer, ref position);
            var period = (long)ReadVarint(buffer, ref position);
            if (position > filled)
            {
                throw new InvalidDataException($"{path} ends inside a record");
            }
            if (timeNs >= endNs && timeOrdered)
            {
                yield break;
            }
            if (timeNs >= startNs && timeNs < endNs)
            {
                yield return new LoggedSample(timeNs, stackId, taskId, period);
            }
        }
    }

    /// <summary>The last checkpoint whose sample is before <paramref name="startNs"/>, or null for the log start.</summary>
    private static SampleLogCheckpoint? StartCheckpoint(IReadOnlyList<SampleLogCheckpoint> checkpoints, long startNs)
    {
        var (low, high) = (0, checkpoints.Count - 1);
        SampleLogCheckpoint? found = null;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (checkpoints[middle].TimeNs < startNs)
            {
                found = checkpoints[middle];
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found;
    }

    private static int ReadAtLeast(Stream stream, byte[] buffer, int offset, int count) =>
        stream.ReadAtLeast(buffer.AsSpan(offset, count), count, throwOnEndOfStream: false);

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (shift < 64)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
            shift += 7;
        }
        throw new InvalidDataException("varint longer than 64 bits in sample log");
    }
}
