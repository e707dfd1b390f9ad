using System.Diagnostics;
using System.Text;

namespace WebOcperf.Running;

/// <summary>
/// What a perf run through a child process does alike wherever perf runs (here under setsid, on a host under ssh):
/// the child's stdout, the workload's output, goes to the capped workload log; its stderr, perf's messages, goes to
/// perf-stderr.log, is kept up to a cap and announced line by line; Stop keeps its first reason; the time limit asks
/// the group to stop and forces it after the grace period; and at the end the pipes are drained without waiting for
/// a process that left the group and still holds them.
/// </summary>
internal abstract class PerfProcessRun(Process process, PerfStart start, TimeSpan drainTimeout) : IPerfRun
{
    private const int MaxStderrChars = 64 * 1024;

    private readonly StringBuilder stderr = new();
    private readonly object stderrGate = new();
    private volatile StopReason stopReason;
    private Task output = Task.CompletedTask;

    protected Process Process => process;

    protected PerfStart Invocation => start;

    /// <summary>The first reason Stop was asked for; <see cref="StopReason.None"/> when it ended on its own.</summary>
    protected StopReason StopReasonSoFar => stopReason;

    public int GroupId { get; protected set; }

    public string StderrSoFar
    {
        get
        {
            lock (stderrGate)
            {
                return stderr.ToString();
            }
        }
    }

    public event Action<string>? StderrLine;

    public void RequestStop(StopReason reason)
    {
        if (stopReason == StopReason.None)
        {
            stopReason = reason;
        }
        SignalStop();
        stopRequested.TrySetResult();
    }

    /// <summary>
    /// When perf has not ended this long after a stop, its group is asked again (and then every
    /// <see cref="StopRepeatInterval"/>): a SIGINT that reaches perf before it has started its workload is spent on perf
    /// alone, and perf stat then waits for a workload that never heard of the stop.
    /// </summary>
    private static readonly TimeSpan FirstStopRepeat = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan StopRepeatInterval = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>SIGINT to the group: perf still writes what it has.</summary>
    protected abstract void SignalStop();

    public abstract void Kill();

    /// <summary>After the grace period: end the group however it takes, and wait for the child to exit.</summary>
    protected abstract Task ForceEndAsync();

    public abstract Task<PerfExit> WaitAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken shutdown);

    /// <summary>A line of the launcher's own among perf's (the remote script's markers): true when it was one.</summary>
    protected virtual bool TakeControlLine(string line) => false;

    /// <summary>The child's stderr ended: nothing more of the launcher's will come.</summary>
    protected virtual void OnStderrEnded()
    {
    }

    /// <summary>Starts copying the child's output to the invocation's logs.</summary>
    protected void StartReadingOutput() => output = Task.WhenAll(CopyWorkloadOutputAsync(), ReadStderrAsync());

    /// <summary>
    /// Waits for the child to exit; past <paramref name="maxDuration"/> or on <paramref name="shutdown"/> asks the group
    /// to stop, and forces it when the grace period is over.
    /// </summary>
    protected async Task WaitForExitOrStopAsync(TimeSpan maxDuration, TimeSpan gracePeriod, CancellationToken shutdown)
    {
        using var deadline = new CancellationTokenSource(maxDuration);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, shutdown);
        var exited = process.WaitForExitAsync(CancellationToken.None);
        var limitReached = Task.Delay(Timeout.InfiniteTimeSpan, stopped.Token);
        await Task.WhenAny(exited, limitReached, stopRequested.Task);
        if (exited.IsCompleted)
        {
            return;
        }
        var forced = limitReached.IsCompleted;
        if (forced)
        {
            RequestStop(deadline.IsCancellationRequested ? StopReason.Timeout : StopReason.Shutdown);
        }
        // a stop is under way: asked again while perf runs; the time limit and shutdown force it after the grace period
        // (a user's stop does not: perf record may take long to write out what it has)
        var since = Stopwatch.StartNew();
        var repeat = FirstStopRepeat;
        while (!exited.IsCompleted)
        {
            var wait = forced ? Min(repeat, gracePeriod - since.Elapsed) : repeat;
            if (wait <= TimeSpan.Zero)
            {
                await ForceEndAsync();
                return;
            }
            await Task.WhenAny(exited, Task.Delay(wait, CancellationToken.None));
            if (!exited.IsCompleted && (!forced || since.Elapsed < gracePeriod))
            {
                SignalStop();
            }
            repeat = StopRepeatInterval;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>
    /// Waits for the output to end. A process that left the group (setsid, a daemon) can hold the pipes open long
    /// after perf exited; the run must not wait for it, so after a short while the pipes are closed on our side.
    /// </summary>
    protected async Task DrainOutputAsync()
    {
        try
        {
            await output.WaitAsync(drainTimeout);
        }
        catch (TimeoutException)
        {
            process.StandardOutput.BaseStream.Dispose();
            process.StandardError.BaseStream.Dispose();
            try
            {
                await output.WaitAsync(drainTimeout);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or TimeoutException)
            {
                // the pending reads end with the closed pipes; what was read so far is kept
            }
        }
    }

    private async Task CopyWorkloadOutputAsync()
    {
        await using var log = new CappedLogWriter(start.Area.Results.WorkloadLog, start.MaxWorkloadLogBytes);
        await log.CopyFromAsync(process.StandardOutput.BaseStream, CancellationToken.None);
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            await using var file = new StreamWriter(start.Area.Results.PerfStderr, append: false) { AutoFlush = true };
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                if (TakeControlLine(line))
                {
                    continue;
                }
                await file.WriteLineAsync(line);
                lock (stderrGate)
                {
                    if (stderr.Length < MaxStderrChars)
                    {
                        stderr.AppendLine(line);
                    }
                }
                StderrLine?.Invoke(line);
            }
        }
        finally
        {
            OnStderrEnded();
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        process.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
