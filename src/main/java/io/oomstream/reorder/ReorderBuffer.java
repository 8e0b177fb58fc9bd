package io.oomstream.reorder;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import io.oomstream.stitch.Stitcher;
import io.oomstream.syslog.LogLine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Puts each host's report lines back in order before the stitcher sees them, when input arrives out of order
 * (records without a key spread over partitions, several shipper threads, logs replayed from several files).
 *
 * <p>Each line gets an {@link OrderKey} and waits, among its host's held lines in key order, until one of:
 * <ul>
 *   <li>the host's own time (its newest line) is a window past it, and it has been held a moment
 *       ({@link ReorderConfig#SETTLE}, or the wait if shorter): the host has moved on;</li>
 *   <li>it has been held the wait: as long as this input has shown a line may come after lines it precedes
 *       ({@link ArrivalDisorder}: the largest recent disorder plus a margin, the whole window until the input has
 *       shown its disorder for a while, never more than the window);</li>
 *   <li>the host holds more than its cap: the oldest goes (counted as overflow).</li>
 * </ul>
 * Lines leave in key order only. A line whose place is before a line already passed on is late: it is passed on at
 * once and counted, never dropped. An exact repeat of a line held or passed on recently (same host, same place, same
 * program and text: what a second copy of a replayed log gives) is not passed on and is counted; so the stitcher
 * sees one copy and two interleaved copies of a log give the events of one.
 *
 * <p>Kafka-free: time is passed in (wall clock, epoch ms), state is written through a {@link ReorderStore} and read
 * from it once, at the first call. Not thread-safe (one per stream task).
 */
public final class ReorderBuffer {

    /** A line passed on: {@code classified} when the caller gave one (null after a restart), {@code late} when out of order. */
    public record Released(LogLine line, Classified classified, boolean late) {
    }

    private final ReorderConfig config;
    private final ReorderStore store;
    private final Consumer<Released> out;
    private final ReorderStats stats;
    private final ArrivalDisorder disorder;
    private final Map<String, HostBuffer> hosts = new HashMap<>();
    private final ForgottenHosts forgotten = new ForgottenHosts();
    /** Wall-clock times at which a host's head line may leave; stale entries are skipped ({@link HostBuffer#due}). */
    private final PriorityQueue<Due> dues = new PriorityQueue<>();
    /** Held lines by when they entered (this process's wall clock), for the longest hold. */
    private final PriorityQueue<Due> byEntry = new PriorityQueue<>();
    private long processNow = Long.MIN_VALUE;
    /** Whether the input's clock may be stuck (a partition not heard from): only then does the longest hold apply. */
    private boolean clockMayStall = true;
    private boolean loaded;
    private long held;
    /** Arrival times of the held lines that end a report, with how many arrived at each. */
    private final TreeMap<Long, Integer> reportEndArrivals = new TreeMap<>();

    public ReorderBuffer(final ReorderConfig config, final ReorderStore store, final Consumer<Released> out,
                         final ReorderStats stats) {
        this(config, store, out, stats, new ArrivalDisorder(config.window()));
    }

    /** @param disorder what the input has shown of its disorder (shared by the buffers of one input) */
    public ReorderBuffer(final ReorderConfig config, final ReorderStore store, final Consumer<Released> out,
                         final ReorderStats stats, final ArrivalDisorder disorder) {
        this.config = config;
        this.store = store;
        this.out = out;
        this.stats = stats;
        this.disorder = disorder;
    }

    /** {@link #accept(LogLine, Classified, long, long, long)} with the line arriving now, on the wall clock. */
    public void accept(final LogLine line, final Classified classified, final long wallNow) {
        accept(line, classified, wallNow, wallNow, wallNow);
    }

    /**
     * Takes one line of a host.
     *
     * @param classified the line's classification (its kind gives its grammar position), or null to classify here
     * @param arrivedAt  when the line reached the input, on the clock the waits are measured on (epoch ms)
     * @param wallNow    that clock now: the time up to which every earlier-arrived line has been seen (in Kafka the
     *                   input's progress over all partitions; elsewhere the wall clock)
     * @param processNow this process's wall clock: no line is held longer than {@link ReorderConfig#MAX_HOLD} on it
     */
    public void accept(final LogLine line, final Classified classified, final long arrivedAt, final long wallNow,
                       final long processNow) {
        this.processNow = processNow;
        load();
        final Classified c = classified != null ? classified : KernelGrammar.classify(line);
        if (line.time() == null) {
            stats.untimed();
            out.accept(new Released(line, c, false));
            return;
        }
        stats.accepted();
        final String hostKey = Stitcher.hostKey(line.host());
        HostBuffer h = hosts.get(hostKey);
        if (h == null) {
            h = new HostBuffer(hostKey);
            h.forgottenLast = forgotten.recall(hostKey, wallNow);
            hosts.put(hostKey, h);
        }
        h.lastWallMillis = Math.max(h.lastWallMillis, wallNow);
        final long millis = line.time().toEpochMilli();
        final OrderKey key = placeAmongVictims(h, OrderKey.of(millis, line.uptimeMicros(), c, line.message(),
                h.nextSeq++), c);
        final long fingerprint = fingerprint(key, line);
        final boolean repeatable = !canTellRepeats(line, c);
        SeenCount seen = h.seen.get(fingerprint);
        if (seen == null) {
            seen = new SeenCount(millis, repeatable);
            remember(h, fingerprint, seen);
        }
        seen.arrivals++;
        if (!repeatable && seen.arrivals > 1) {
            // A second copy: the repeats of this second's repeatable lines are copies too (see mayPass).
            h.copies.merge(key.second(), seen.arrivals, Math::max);
            stats.duplicate();
            store.putSeen(h.hostKey, fingerprint, seen.stored());
            saveMark(h);
            return;
        }
        if (h.forgottenLast != null && key.compareTo(h.forgottenLast) < 0
                && (h.lastReleased == null || key.compareTo(h.lastReleased) >= 0)) {
            // Its host was forgotten after lines it precedes went on: late, though it is put in order with the lines
            // that come with it (see ForgottenHosts).
            stats.late();
        }
        if (h.lastReleased != null && key.compareTo(h.lastReleased) < 0) {
            if (repeatable && !mayPass(h, key.second(), seen)) {
                stats.duplicate();
            } else {
                // Later than the wait: the disorder is at least its distance from the last line passed on (a repeat
                // of a line seen shows when its copy was delivered, not the input's disorder: see showsDisorder).
                disorder.observe(arrivedAt, true, h.lastReleasedArrival == Long.MIN_VALUE || !showsDisorder(seen) ? 0
                        : arrivedAt - h.lastReleasedArrival);
                seen.passed++;
                stats.late();
                out.accept(new Released(line, c, true));
            }
            store.putSeen(h.hostKey, fingerprint, seen.stored());
            saveMark(h);
            return;
        }
        store.putSeen(h.hostKey, fingerprint, seen.stored());
        final HeldLine stored = HeldLine.of(key, arrivedAt, processNow, line, repeatable);
        byEntry.add(new Due(processNow, hostKey));
        if (!h.lines.isEmpty() && key.compareTo(h.lines.lastKey()) < 0) {
            stats.moved();
            // It goes before lines already held: it arrived this long after the next of them (released in key
            // order, that one holds back every later line, so waiting this long keeps the line in order).
            disorder.observe(arrivedAt, true, showsDisorder(seen)
                    ? arrivedAt - h.lines.higherEntry(key).getValue().line.arrivedMillis() : 0);
        } else {
            disorder.observe(arrivedAt, !h.lines.isEmpty(), 0);
        }
        h.lines.put(key, new Held(stored, c, fingerprint, processNow, endsReport(c)));
        held++;
        heldReportEnd(stored.arrivedMillis(), endsReport(c), 1);
        store.putHeld(hostKey, stored);
        if (millis > h.newestMillis) {
            h.newestMillis = millis;
            forgetOld(h);
        }
        release(h, wallNow);
        saveMark(h);
    }

    /**
     * Passes on the lines whose wall-clock wait is over (hosts gone quiet), while {@code budgetLeft} allows.
     *
     * @return false when the budget ran out with hosts still due
     */
    public boolean tick(final long wallNow, final BooleanSupplier budgetLeft) {
        return tick(wallNow, wallNow, budgetLeft);
    }

    /** {@link #tick(long, BooleanSupplier)} on the input's clock, with this process's wall clock for the longest hold. */
    public boolean tick(final long wallNow, final long processNow, final BooleanSupplier budgetLeft) {
        this.processNow = processNow;
        load();
        final long holdLimit = processNow - ReorderConfig.MAX_HOLD.toMillis();
        while (clockMayStall && !byEntry.isEmpty() && byEntry.peek().at <= holdLimit) {
            final Due d = byEntry.poll();
            final HostBuffer h = hosts.get(d.hostKey);
            if (h != null && !h.lines.isEmpty()) {
                release(h, wallNow);
                saveMark(h);
            }
        }
        while (!dues.isEmpty() && dues.peek().at <= wallNow) {
            if (!budgetLeft.getAsBoolean()) {
                return false;
            }
            final Due d = dues.poll();
            final HostBuffer h = hosts.get(d.hostKey);
            if (h == null || h.due != d.at) {
                continue; // rescheduled or gone since
            }
            h.due = Long.MIN_VALUE;
            if (h.lines.isEmpty()) {
                forgetQuietHost(h, wallNow);
            } else {
                release(h, wallNow);
                saveMark(h);
            }
        }
        return true;
    }

    public void tick(final long wallNow) {
        tick(wallNow, () -> true);
    }

    /** End of input: every held line leaves, each host in order. */
    public void flushAll() {
        load();
        for (final HostBuffer h : new ArrayList<>(hosts.values())) {
            while (!h.lines.isEmpty()) {
                releaseHead(h);
            }
            saveMark(h);
        }
    }

    /** Lines held now, all hosts together. */
    public long heldLines() {
        return held;
    }

    public ReorderStats stats() {
        return stats;
    }

    /**
     * Tells whether the input's clock may be stuck (true until told otherwise): while every input partition reports
     * its progress, a line waits for the slowest however long it lags (a line released before would come out of
     * order), so {@link ReorderConfig#MAX_HOLD} applies only while one does not and has nothing left to read
     * ({@link SilentPartitions#holdMayEnd}).
     */
    public void clockMayStall(final boolean mayStall) {
        this.clockMayStall = mayStall;
    }

    /**
     * When the earliest-arrived held line the stitcher emits an event on (a kill, the reaper's line, a userspace kill)
     * arrived, on the input's clock; {@link Long#MAX_VALUE} when none is held. Once the input's clock passes it plus
     * the wait, that line can go: the progress mark that shows it is worth committing at once.
     */
    public long earliestHeldReportEnd() {
        return reportEndArrivals.isEmpty() ? Long.MAX_VALUE : reportEndArrivals.firstKey();
    }

    /**
     * Whether a line's place among the lines held shows the input's disorder: not when it repeats a line seen (same
     * host, place and text). A line a report prints more than once (per-cpu lines, stack frames, blank lines) of a
     * second copy of a report, delivered again by a shipper, goes next to its twin, before the first copy's later
     * lines: the time between them is when the copy came, not disorder. Counted as disorder, one redelivered report
     * (the bench's fleet has them) held every line of the input 0.2-0.25 s longer for the minutes the estimate keeps.
     */
    private static boolean showsDisorder(final SeenCount seen) {
        return seen.arrivals <= 1;
    }

    /** Whether the stitcher may emit an event on a line of this kind. */
    public static boolean endsReport(final Classified c) {
        final LineKind.Role role = c.kind().role();
        return role == LineKind.Role.END || role == LineKind.Role.AFTER || role == LineKind.Role.USERSPACE;
    }

    private void heldReportEnd(final long arrived, final boolean endsReport, final int delta) {
        if (endsReport) {
            reportEndArrivals.merge(arrived, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** How long a line waits now, ms ({@link ArrivalDisorder#waitMillis}). */
    public long waitMillis() {
        return disorder.waitMillis();
    }

    private void release(final HostBuffer h, final long wallNow) {
        final long wait = disorder.waitMillis();
        final long settle = Math.min(wait, config.settleMillis());
        while (!h.lines.isEmpty()) {
            final Held head = h.lines.firstEntry().getValue();
            final long waited = wallNow - head.line.arrivedMillis();
            final boolean overflow = h.lines.size() > config.maxLinesPerHost();
            final boolean heldTooLong = clockMayStall
                    && processNow - head.heldSince() >= ReorderConfig.MAX_HOLD.toMillis();
            if (!overflow && !heldTooLong && waited < wait
                    && !(hostMovedOn(h, head) && waited >= settle)) {
                break;
            }
            if (overflow) {
                stats.overflow();
            } else if (heldTooLong && waited < wait) {
                stats.heldTooLong();
            }
            releaseHead(h);
        }
        schedule(h);
    }

    private boolean hostMovedOn(final HostBuffer h, final Held head) {
        return head.line.key().epochMillis() <= h.newestMillis - config.windowMillis();
    }

    private void releaseHead(final HostBuffer h) {
        final Held head = h.lines.pollFirstEntry().getValue();
        held--;
        heldReportEnd(head.line.arrivedMillis(), head.endsReport, -1);
        store.removeHeld(h.hostKey, head.line.key());
        if (h.lastReleased == null || head.line.key().compareTo(h.lastReleased) > 0) {
            final boolean newSecond = h.lastReleased == null || head.line.key().second() != h.lastReleased.second();
            h.lastReleased = head.line.key();
            if (newSecond) {
                forgetOld(h);
            }
            h.lastReleasedArrival = head.line.arrivedMillis();
        }
        if (head.line.repeatable()) {
            final SeenCount seen = h.seen.get(head.fingerprint);
            if (seen != null) {
                if (!mayPass(h, head.line.key().second(), seen)) {
                    stats.duplicate();
                    return;
                }
                seen.passed++;
                store.putSeen(h.hostKey, head.fingerprint, seen.stored());
            }
        }
        out.accept(new Released(head.line.toLogLine(), head.classified, false));
    }

    /**
     * Whether a repeatable line may go on once more: a report prints it {@code arrivals / copies} times, where
     * {@code copies} is how many copies of that second's other lines (the ones that never repeat in a report) came.
     * One copy: every repeat goes on. Two interleaved copies: half of them, as one copy holds.
     */
    private static boolean mayPass(final HostBuffer h, final long second, final SeenCount seen) {
        final int copies = Math.max(1, h.copies.getOrDefault(second, 1));
        return seen.passed < (seen.arrivals + copies - 1) / copies;
    }

    private void schedule(final HostBuffer h) {
        final long at;
        if (h.lines.isEmpty()) {
            at = h.lastWallMillis + 2 * config.windowMillis();
        } else {
            final Held head = h.lines.firstEntry().getValue();
            final long wait = disorder.waitMillis();
            at = head.line.arrivedMillis() + (hostMovedOn(h, head) ? Math.min(wait, config.settleMillis()) : wait);
        }
        if (at != h.due) {
            h.due = at;
            dues.add(new Due(at, h.hostKey));
        }
    }

    /**
     * A host with nothing held and no line for two windows of wall-clock time is forgotten (its fingerprints and
     * mark), so a fleet's quiet hosts cost nothing. A copy of its lines arriving later is not recognised here: it is
     * passed on in its order, and the stitcher knows the events it already emitted.
     */
    private void forgetQuietHost(final HostBuffer h, final long wallNow) {
        if (wallNow - h.lastWallMillis < 2 * config.windowMillis()) {
            schedule(h);
            return;
        }
        for (final Long fingerprint : h.seen.keySet()) {
            store.removeSeen(h.hostKey, fingerprint);
        }
        h.seen.clear();
        h.seenByTime.clear();
        h.copies.clear();
        hosts.remove(h.hostKey);
        store.removeMark(h.hostKey);
        forgotten.forgot(h.hostKey, h.lastReleased != null ? h.lastReleased : h.forgottenLast, wallNow);
    }

    /** Keeps a line's fingerprint for duplicates; forgets the oldest beyond the host's cap. */
    private void remember(final HostBuffer h, final long fingerprint, final SeenCount seen) {
        h.seen.put(fingerprint, seen);
        h.seenByTime.add(new Seen(seen.millis, fingerprint));
        while (h.seen.size() > config.maxLinesPerHost()) {
            forget(h, h.seenByTime.poll());
        }
    }

    /**
     * Forgets fingerprints two windows behind the host's time as far as it has been passed on: a copy of a line
     * arrives within the window of its original, or (a copy of a whole report delivered later) after the host's time
     * stood still since the original. The time passed on, not the newest seen: lines read from several partitions at
     * different speeds move the newest ahead of a copy still on its way; a line is passed on only once every line
     * that arrived before it, less the wait, has been seen.
     */
    private void forgetOld(final HostBuffer h) {
        if (h.lastReleased == null) {
            return;
        }
        final long horizon = h.lastReleased.epochMillis() - 2 * config.windowMillis();
        while (!h.seenByTime.isEmpty() && h.seenByTime.peek().millis < horizon) {
            forget(h, h.seenByTime.poll());
        }
        h.copies.keySet().removeIf(second -> second * 1000L < horizon - 1000L);
    }

    private void forget(final HostBuffer h, final Seen s) {
        final SeenCount t = h.seen.get(s.fingerprint);
        if (t != null && t.millis == s.millis) {
            h.seen.remove(s.fingerprint);
            store.removeSeen(h.hostKey, s.fingerprint);
        }
    }

    private void saveMark(final HostBuffer h) {
        if (h.lines.isEmpty() && h.seen.isEmpty()) {
            // Nothing held or remembered: the host costs nothing until its next line.
            hosts.remove(h.hostKey);
            store.removeMark(h.hostKey);
            forgotten.forgot(h.hostKey, h.lastReleased != null ? h.lastReleased : h.forgottenLast, h.lastWallMillis);
            return;
        }
        store.putMark(h.hostKey, new HostMark(h.lastReleased, h.newestMillis, h.nextSeq, h.lastWallMillis));
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        final long loadedAt = processNow;
        store.load(new ReorderStore.Loader() {
            @Override
            public void held(final String hostKey, final HeldLine line) {
                final HostBuffer h = hosts.computeIfAbsent(hostKey, HostBuffer::new);
                // Held here from now: the time the task spent moving to this process (an instance gone, the session
                // timing out, the stores restored) is time the input partitions that fed the old owner spent silent;
                // counted, it let lines out before the earlier lines that the new owners of those partitions read
                // again (an event of a report's kill-time lines alone). The stored entry time stays as it was.
                final boolean ends = endsReport(KernelGrammar.classify(line.toLogLine()));
                h.lines.put(line.key(), new Held(line, null, fingerprint(line.key(), line.toLogLine()), loadedAt, ends));
                heldReportEnd(line.arrivedMillis(), ends, 1);
                byEntry.add(new Due(loadedAt, hostKey));
                h.nextSeq = Math.max(h.nextSeq, line.key().seq() + 1);
                held++;
            }

            @Override
            public void seen(final String hostKey, final long fingerprint, final SeenLine stored) {
                final HostBuffer h = hosts.computeIfAbsent(hostKey, HostBuffer::new);
                final SeenCount seen = new SeenCount(stored.epochMillis(), stored.repeatable());
                seen.arrivals = stored.arrivals();
                seen.passed = stored.passed();
                h.seen.put(fingerprint, seen);
                h.seenByTime.add(new Seen(stored.epochMillis(), fingerprint));
                if (!stored.repeatable() && stored.arrivals() > 1) {
                    h.copies.merge(Math.floorDiv(stored.epochMillis(), 1000L), stored.arrivals(), Math::max);
                }
            }

            @Override
            public void mark(final String hostKey, final HostMark mark) {
                final HostBuffer h = hosts.computeIfAbsent(hostKey, HostBuffer::new);
                h.lastReleased = mark.lastReleased();
                h.newestMillis = Math.max(h.newestMillis, mark.newestMillis());
                h.nextSeq = Math.max(h.nextSeq, mark.nextSeq());
                h.lastWallMillis = Math.max(h.lastWallMillis, mark.lastWallMillis());
            }
        });
        for (final HostBuffer h : hosts.values()) {
            schedule(h);
        }
    }

    /**
     * Whether an exact repeat of this line can only be a second copy: always for a line with a kernel stamp (two
     * printk calls in one microsecond with one text do not happen); without one, not for the kinds a report prints
     * verbatim more than once (per-cpu lines of each zone, identical {@code lowmem_reserve[]} lines of the last zones
     * of several nodes, repeated stack frames, blank lines, systemd's "A process of this unit has been killed" for
     * each process of a unit the kernel killed): those pass as often as one copy of the input holds them.
     */
    static boolean canTellRepeats(final LogLine line, final Classified c) {
        return line.uptimeMicros() != null || !REPEATED_IN_A_REPORT.contains(c.kind());
    }

    private static final Set<LineKind> REPEATED_IN_A_REPORT = EnumSet.of(LineKind.STACK, LineKind.PERCPU,
            LineKind.LOWMEM_RESERVE, LineKind.BLANK, LineKind.UNIT_OOM, LineKind.OTHER);

    /**
     * 64 bits of the line's place (without its arrival number), program and text: two lines with the same
     * fingerprint are the same line of the same host.
     */
    static long fingerprint(final OrderKey key, final LogLine line) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, key.second());
        h = mix(h, key.stamp());
        h = mix(h, key.milli());
        h = text(h, line.program());
        h = text(h, line.message());
        return h;
    }

    private static long mix(final long h, final long v) {
        long x = (h ^ v) * 0x100000001b3L;
        x ^= x >>> 29;
        return x * 0xbf58476d1ce4e5b9L;
    }

    private static long text(final long h, final String s) {
        long x = mix(h, s == null ? -1 : s.length());
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                x = (x ^ s.charAt(i)) * 0x100000001b3L;
            }
        }
        return x;
    }

    /**
     * A line of a report's end goes with the lines of its second that name the same victim (the rank of the first of
     * them), or, naming a victim none of them names (or none at all), after every victim seen so far: its own arrival.
     */
    private static OrderKey placeAmongVictims(final HostBuffer h, final OrderKey key, final Classified c) {
        if (key.position() != GrammarPosition.TAIL) {
            return key;
        }
        final String pid = c.group("pid");
        long rank = key.seq();
        if (pid != null) {
            final OrderKey from = new OrderKey(key.second(), key.stamp(), key.milli(), GrammarPosition.TAIL,
                    Integer.MIN_VALUE, Long.MIN_VALUE);
            final OrderKey to = new OrderKey(key.second(), key.stamp(), key.milli(), GrammarPosition.TAIL,
                    Integer.MAX_VALUE, Long.MAX_VALUE);
            for (final Map.Entry<OrderKey, Held> e : h.lines.subMap(from, true, to, true).entrySet()) {
                final Held held = e.getValue();
                final Classified hc = held.classified() != null ? held.classified()
                        : KernelGrammar.classify(held.line().toLogLine());
                if (pid.equals(hc.group("pid"))) {
                    rank = GrammarPosition.tailRank(e.getKey().within());
                    break;
                }
            }
        }
        return new OrderKey(key.second(), key.stamp(), key.milli(), key.position(),
                GrammarPosition.tailWithin(rank, key.within()), key.seq());
    }

    /**
     * A held line with the caller's classification, which does not travel through the store, and since when this
     * process holds it (its wall clock: when it came, or when the stage read it back from its store).
     */
    private record Held(HeldLine line, Classified classified, long fingerprint, long heldSince, boolean endsReport) {
    }

    /** A recent line's counts, by fingerprint. */
    private static final class SeenCount {
        final long millis;
        final boolean repeatable;
        int arrivals;
        int passed;

        SeenCount(final long millis, final boolean repeatable) {
            this.millis = millis;
            this.repeatable = repeatable;
        }

        SeenLine stored() {
            return new SeenLine(millis, arrivals, passed, repeatable);
        }
    }

    private record Seen(long millis, long fingerprint) implements Comparable<Seen> {
        @Override
        public int compareTo(final Seen o) {
            return Long.compare(millis, o.millis);
        }
    }

    private record Due(long at, String hostKey) implements Comparable<Due> {
        @Override
        public int compareTo(final Due o) {
            return Long.compare(at, o.at);
        }
    }

    /** One host's working state. */
    private static final class HostBuffer {
        final String hostKey;
        final TreeMap<OrderKey, Held> lines = new TreeMap<>();
        final Map<Long, SeenCount> seen = new HashMap<>();
        /** Per second, how many copies of its lines arrived (the most arrivals of a line that never repeats). */
        final Map<Long, Integer> copies = new HashMap<>();
        final PriorityQueue<Seen> seenByTime = new PriorityQueue<>();
        OrderKey lastReleased;
        /** The last line passed on before the host was last forgotten, if recently ({@link ForgottenHosts}). */
        OrderKey forgottenLast;
        /** When {@link #lastReleased} arrived (not stored: unknown after a restart). */
        long lastReleasedArrival = Long.MIN_VALUE;
        long newestMillis = Long.MIN_VALUE;
        long nextSeq;
        long due = Long.MIN_VALUE;
        /** Wall clock of the host's last line (after a restart: the restart), epoch ms. */
        long lastWallMillis = Long.MIN_VALUE / 4;

        HostBuffer(final String hostKey) {
            this.hostKey = hostKey;
        }
    }
}
