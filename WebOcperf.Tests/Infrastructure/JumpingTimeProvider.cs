namespace WebOcperf.Tests.Infrastructure;

/// <summary>
/// Real time that a test can move forward at once: everything runs on the system clock as usual (perf's runs, their
/// time limits, polling), and <see cref="Jump"/> makes the clock and every pending timer behave as if that much more
/// time had passed — e.g. to let the server forget a finished run's in-memory feed without waiting 30 s.
/// </summary>
public sealed class JumpingTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<JumpingTimer> timers = [];
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override long GetTimestamp() => System.GetTimestamp() + (long)(Offset.TotalSeconds * TimestampFrequency);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpingTimer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward; timers that fall due by then fire now.</summary>
    public void Jump(TimeSpan by)
    {
        List<JumpingTimer> pending;
        lock (gate)
        {
            offset += by;
            pending = [.. timers];
        }
        foreach (var timer in pending)
        {
            timer.Reschedule();
        }
    }

    private TimeSpan Offset
    {
        get
        {
            lock (gate)
            {
                return offset;
            }
        }
    }

    private void Forget(JumpingTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    /// <summary>A system timer whose due time is kept on this provider's clock, so that a jump can bring it forward.</summary>
    private sealed class JumpingTimer : ITimer
    {
        private readonly JumpingTimeProvider clock;
        private readonly ITimer inner;
        private DateTimeOffset? dueAt;
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public JumpingTimer(JumpingTimeProvider clock, TimerCallback callback, object? state)
        {
            this.clock = clock;
            inner = System.CreateTimer(_ =>
            {
                lock (this)
                {
                    dueAt = period == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + period;
                }
                callback(state);
            }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (this)
            {
                this.period = period;
                dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock.GetUtcNow() + dueTime;
                return inner.Change(dueTime, period);
            }
        }

        public void Reschedule()
        {
            lock (this)
            {
                if (dueAt is { } due)
                {
                    var remaining = due - clock.GetUtcNow();
                    inner.Change(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, period);
                }
            }
        }

        public void Dispose()
        {
            clock.Forget(this);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.Forget(this);
            return inner.DisposeAsync();
        }
    }
}
