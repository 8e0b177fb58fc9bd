package io.oomstream.stitch;

import io.oomstream.event.OomScope;

import io.oomstream.event.Buddy;
import io.oomstream.event.MemcgUsage;
import io.oomstream.event.Swap;
import io.oomstream.event.TaskEntry;
import io.oomstream.event.Trigger;
import io.oomstream.event.Victim;
import io.oomstream.event.Zone;
import io.oomstream.explain.ReportFacts;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.GfpFlags;
import io.oomstream.kernel.KernelEra;
import io.oomstream.kernel.KernelVersions;
import io.oomstream.kernel.LineKind;
import io.oomstream.kernel.Numbers;
import io.oomstream.kernel.rules.Era1Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of one report from its classified lines, in order. Values are kept as
 * printed until the end, then converted: pages to kB with the page size the buddy lists show
 * (4 kB when they do not), bytes to kB.
 */
final class ReportReader {

    /** cgroup v1 prints this (or larger) for "no limit". */
    private static final long UNLIMITED_KB = 9_007_199_254_740_988L;
    private static final Pattern COUNTER = Pattern.compile("([A-Za-z_()]+):(\\d+)");
    private static final Pattern BLOCK = Pattern.compile("(\\d+)\\*(\\d+)kB");

    Long endMillis;
    Long endUptimeMicros;
    String kernelVersion;
    String constraint;
    String oomMemcg;
    String taskMemcg;
    Integer victimPid;
    /**
     * Whether a kill line was read: the kill the log shows, whether or not it prints the pid (2.4's
     * {@code VM: killing process x} does not).
     */
    boolean killRead;
    /**
     * The line that ended the report without a kill, as printed ({@code Kernel panic - not syncing: ...},
     * {@code Out of memory and no killable processes...}), or {@code victim exiting}; null when none did.
     */
    String endedWithoutKill;
    final Map<String, Long> memInfo = new LinkedHashMap<>();

    private KernelEra era;
    private String triggerComm;
    /** Whether the trigger's gfp mask may be decoded by {@link GfpFlags} (not a 2.4 mask). */
    private boolean gfpBitsKnown = true;
    private Integer triggerPid;
    private String gfpMask;
    private String gfpNames;
    private Integer order;
    private Integer triggerScoreAdj;
    private Integer triggerOomAdj;
    private String killPrefix;
    private String victimName;
    private Long victimUid;
    private Long totalVm;
    private Long anon;
    private Long file;
    private Long shmem;
    private Long pgtables;
    private Integer victimScoreAdj;
    /** The victim was named by a 'sharing same memory' line: killed for sharing the chosen task's mm, not chosen. */
    private boolean sharingKill;
    private Integer selectedPid;
    private String selectedName;
    private Long selectedScore;
    private Long summaryUid;
    private Integer summaryPid;
    private boolean memcgReport;
    private Long memcgUsage;
    private Long memcgLimit;
    private Long memcgFailcnt;
    private Long memcgSwapUsage;
    private Long memcgSwapLimit;
    private boolean countersRead;
    private final List<ZoneDraft> zones = new ArrayList<>();
    private final List<Buddy> buddies = new ArrayList<>();
    private Long swapFree;
    private Long swapTotal;
    private Long ramPages;
    private Long pageKb;
    private List<String> taskColumns;
    private final List<long[]> rowNumbers = new ArrayList<>();
    private final List<String> rowNames = new ArrayList<>();

    /** Every converted task row, kept until a line changes the table or the page size; shared by copies. */
    private List<TaskEntry> taskRowsMemo;
    /** Lines only the explanations read (slab caches, hugepages, memcg stats). */
    private MemoryLines memoryLines = new MemoryLines();

    ReportReader() {
    }

    /**
     * A reader that has read what {@code o} has read: the lines a memory.oom.group report's kills share are read
     * once, and each kill's own lines are read into a copy. Rows are immutable once read, so they are shared.
     */
    private ReportReader(final ReportReader o) {
        endMillis = o.endMillis;
        endUptimeMicros = o.endUptimeMicros;
        kernelVersion = o.kernelVersion;
        constraint = o.constraint;
        oomMemcg = o.oomMemcg;
        taskMemcg = o.taskMemcg;
        victimPid = o.victimPid;
        killRead = o.killRead;
        endedWithoutKill = o.endedWithoutKill;
        memInfo.putAll(o.memInfo);
        era = o.era;
        triggerComm = o.triggerComm;
        gfpBitsKnown = o.gfpBitsKnown;
        triggerPid = o.triggerPid;
        gfpMask = o.gfpMask;
        gfpNames = o.gfpNames;
        order = o.order;
        triggerScoreAdj = o.triggerScoreAdj;
        triggerOomAdj = o.triggerOomAdj;
        killPrefix = o.killPrefix;
        victimName = o.victimName;
        victimUid = o.victimUid;
        totalVm = o.totalVm;
        anon = o.anon;
        file = o.file;
        shmem = o.shmem;
        pgtables = o.pgtables;
        victimScoreAdj = o.victimScoreAdj;
        sharingKill = o.sharingKill;
        selectedPid = o.selectedPid;
        selectedName = o.selectedName;
        selectedScore = o.selectedScore;
        summaryUid = o.summaryUid;
        summaryPid = o.summaryPid;
        memcgReport = o.memcgReport;
        memcgUsage = o.memcgUsage;
        memcgLimit = o.memcgLimit;
        memcgFailcnt = o.memcgFailcnt;
        memcgSwapUsage = o.memcgSwapUsage;
        memcgSwapLimit = o.memcgSwapLimit;
        countersRead = o.countersRead;
        for (final ZoneDraft z : o.zones) {
            final ZoneDraft copy = new ZoneDraft(z.node, z.zone, z.free, z.min, z.low, z.high);
            copy.reserve = z.reserve;
            zones.add(copy);
        }
        buddies.addAll(o.buddies);
        swapFree = o.swapFree;
        swapTotal = o.swapTotal;
        ramPages = o.ramPages;
        pageKb = o.pageKb;
        taskColumns = o.taskColumns;
        rowNumbers.addAll(o.rowNumbers);
        rowNames.addAll(o.rowNames);
        taskRowsMemo = o.taskRowsMemo;
        memoryLines = o.memoryLines.copy();
    }

    /** An independent reader that has read the same lines (call before {@link #finish}). */
    ReportReader copy() {
        return new ReportReader(this);
    }

    void read(final Classified c, final ReportLine line) {
        if (c.kind() == LineKind.TASK_HEADER || c.kind() == LineKind.TASK_ROW || c.kind() == LineKind.BUDDY) {
            taskRowsMemo = null;
        }
        era = KernelEra.newest(era, c.era());
        switch (c.kind()) {
            case TRIGGER, ALLOC_FAILURE -> readTrigger(c);
            case STACK_HEADER -> readStackHeader(c);
            case MEMINFO_COUNTERS -> readCounters(c.matcher().group());
            case FREE_PAGES -> putIfAbsent("free_pages_kb", c.longGroup("kb"));
            case ZONE -> zones.add(new ZoneDraft(c.intGroup("node"), c.group("zone"), c.longGroup("free"),
                    c.longGroup("min"), c.longGroup("low"), c.longGroup("high")));
            case LOWMEM_RESERVE -> readLowmemReserve(c.group("vals"));
            case BUDDY -> readBuddy(c);
            case FREE_SWAP -> {
                swapFree = first(swapFree, c.longGroup("free"));
                swapTotal = first(swapTotal, c.longGroup("total"));
            }
            case TOTAL_SWAP -> swapTotal = first(swapTotal, c.longGroup("total"));
            case PAGES_RAM -> ramPages = first(ramPages, c.longGroup("pages"));
            case MEMCG_TASK_IN -> {
                memcgReport = true;
                taskMemcg = c.group("task");
                oomMemcg = c.group("limit");
            }
            case MEMCG_USAGE -> {
                readMemcgUsage(c);
                memoryLines.usage(c);
            }
            case MEMCG_STATS -> {
                memcgReport = true;
                memoryLines.statsHeader(c);
            }
            case MEMCG_STAT_LINE -> memoryLines.statLine(line.message());
            case MEM_SUMMARY -> memoryLines.summary(c);
            case SHOW_MEM_TAIL -> memoryLines.tail(line.message());
            case TASK_HEADER -> {
                taskColumns = List.of(c.group("cols").trim().split("\\s+"));
                rowNumbers.clear();
                rowNames.clear();
            }
            case TASK_ROW -> readTaskRow(line.message().strip());
            case OOM_SUMMARY -> readSummary(c);
            case SELECTION -> {
                selectedPid = c.intGroup("pid");
                selectedName = c.group("name");
                selectedScore = c.longGroup("score");
                noteKillPrefix(c.group("msg"));
            }
            case KILL -> readKill(c, line);
            case GROUP_KILL_NOTICE -> {
                if (c.group("pid") != null && !killRead) {
                    sharingKill = true;
                    readKill(c, line); // 'Kill process N (x) sharing same memory': a kill of its own (pid and name only)
                }
            }
            case NO_VICTIM, VICTIM_EXITING -> {
                if (endedWithoutKill == null) {
                    endedWithoutKill = c.kind() == LineKind.VICTIM_EXITING ? "victim exiting" : line.message().strip();
                }
                end(line);
            }
            default -> {
            }
        }
    }

    private void readTrigger(final Classified c) {
        if (triggerComm != null || gfpMask != null) {
            return;
        }
        triggerComm = c.group("comm");
        gfpMask = c.group("gfp");
        // 2.4 gave the mask's bits other meanings than 2.6.0 on (__GFP_HIGHIO at 0x80, __GFP_FS at 0x100), and moved
        // them within 2.4 itself: the mask is kept as printed, its bits are not named.
        gfpBitsKnown = !Era1Rules.ONE_LINE_ALLOC_FAILURE.equals(c.rule().id());
        gfpNames = c.group("flags");
        order = c.intGroup("order");
        triggerScoreAdj = c.intGroup("adj");
        triggerOomAdj = c.intGroup("oomadj");
    }

    private void readStackHeader(final Classified c) {
        if (kernelVersion == null) {
            kernelVersion = c.group("ver");
            era = KernelEra.newest(era, KernelVersions.eraOf(kernelVersion));
        }
        final String comm = c.group("comm");
        if (triggerPid == null && (triggerComm == null || triggerComm.equals(comm))) {
            triggerPid = c.intGroup("pid");
            if (triggerComm == null && gfpMask != null) {
                triggerComm = comm; // E1 headers name no process; the stack header does
            }
        }
    }

    private void readCounters(final String text) {
        if (countersRead && memInfo.containsKey(firstKey(text))) {
            return; // a second Mem-Info block (another dump) does not overwrite the first
        }
        final Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            final String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
            memInfo.putIfAbsent(key + "_pages", Numbers.parseLong(m.group(2)));
        }
        countersRead = true;
    }

    private static String firstKey(final String text) {
        final Matcher m = COUNTER.matcher(text);
        return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) + "_pages" : "";
    }

    private void putIfAbsent(final String key, final Long value) {
        if (value != null) {
            memInfo.putIfAbsent(key, value);
        }
    }

    private void readLowmemReserve(final String vals) {
        if (zones.isEmpty() || vals == null) {
            return;
        }
        final ZoneDraft last = zones.get(zones.size() - 1);
        if (last.reserve != null) {
            return;
        }
        final List<Long> values = new ArrayList<>();
        for (final String v : vals.trim().split("\\s+")) {
            final Long n = Numbers.parseLong(v);
            if (n != null) {
                values.add(n);
            }
        }
        last.reserve = values;
    }

    private void readBuddy(final Classified c) {
        final String blocks = c.group("blocks");
        final List<Long> counts = new ArrayList<>();
        final List<Long> sizes = new ArrayList<>();
        Integer largest = null;
        if (blocks != null) {
            final Matcher m = BLOCK.matcher(blocks);
            while (m.find()) {
                final Long count = Numbers.parseLong(m.group(1));
                final Long size = Numbers.parseLong(m.group(2));
                if (sizes.isEmpty() && size != null && pageKb == null) {
                    pageKb = size; // order 0 is one page: this is the page size
                }
                if (count != null && count > 0) {
                    largest = counts.size();
                }
                counts.add(count);
                sizes.add(size);
            }
        }
        buddies.add(new Buddy(c.intGroup("node"), c.group("zone"), counts, sizes, c.longGroup("total"), largest));
    }

    private void readMemcgUsage(final Classified c) {
        memcgReport = true;
        final String which = c.group("which");
        if ("memory".equals(which)) {
            memcgUsage = c.longGroup("usage");
            memcgLimit = limit(c.longGroup("limit"));
            memcgFailcnt = c.longGroup("failcnt");
        } else if ("swap".equals(which) || "memory+swap".equals(which)) {
            memcgSwapUsage = c.longGroup("usage");
            memcgSwapLimit = limit(c.longGroup("limit"));
        }
    }

    private static Long limit(final Long kb) {
        return kb == null || kb >= UNLIMITED_KB ? null : kb;
    }

    private void readTaskRow(final String row) {
        if (taskColumns == null) {
            return; // a row without its header: the columns are unknown, so nothing is read
        }
        final int close = row.indexOf(']');
        final int numericColumns = 4 + taskColumns.size(); // uid tgid total_vm rss + era columns
        final long[] nums = new long[numericColumns + 1];
        int pidStart = row.indexOf('[') + 1;
        if (pidStart <= close) {
            int pidEnd = close;
            while (pidStart < pidEnd && row.charAt(pidStart) <= ' ') { // what trim() took off: "[  387]" in old eras
                pidStart++;
            }
            while (pidEnd > pidStart && row.charAt(pidEnd - 1) <= ' ') {
                pidEnd--;
            }
            nums[0] = Numbers.parseLongOr(row, pidStart, pidEnd, Long.MIN_VALUE);
        } else {
            nums[0] = parseOr(row.substring(pidStart, close).trim()); // throws as before: the rule asks for "[pid]"
        }
        int pos = close + 1;
        for (int i = 1; i <= numericColumns; i++) {
            while (pos < row.length() && row.charAt(pos) == ' ') {
                pos++;
            }
            final int start = pos;
            while (pos < row.length() && row.charAt(pos) != ' ') {
                pos++;
            }
            if (start == pos) {
                return; // fewer columns than the header promised: a cut line
            }
            nums[i] = Numbers.parseLongOr(row, start, pos, Long.MIN_VALUE);
        }
        final String name = pos + 1 <= row.length() ? row.substring(Math.min(pos + 1, row.length())) : "";
        rowNumbers.add(nums);
        rowNames.add(name);
    }

    private static long parseOr(final String s) {
        final Long v = Numbers.parseLong(s);
        return v == null ? Long.MIN_VALUE : v;
    }

    private void readSummary(final Classified c) {
        constraint = c.group("constraint");
        if (c.group("oommemcg") != null) {
            oomMemcg = c.group("oommemcg");
            memcgReport = true;
        }
        if (c.group("taskmemcg") != null) {
            taskMemcg = c.group("taskmemcg");
        }
        summaryPid = c.intGroup("pid");
        summaryUid = c.longGroup("uid");
    }

    private void readKill(final Classified c, final ReportLine line) {
        if (killRead) {
            return; // one event per kill: later kill lines belong to their own events
        }
        killRead = true;
        victimPid = c.intGroup("pid");
        victimName = c.group("name");
        victimUid = c.longGroup("uid");
        totalVm = c.longGroup("vm");
        anon = c.longGroup("anon");
        file = c.longGroup("file");
        shmem = c.longGroup("shmem");
        pgtables = c.longGroup("pgtables");
        victimScoreAdj = c.intGroup("adj");
        noteKillPrefix(c.group("msg"));
        end(line);
    }

    private void end(final ReportLine line) {
        if (endMillis == null && endUptimeMicros == null) {
            endMillis = line.epochMillis();
            endUptimeMicros = line.uptimeMicros();
        }
    }

    /** What the selection or kill line printed before its {@code Kill process}, or null. */
    String killPrefix() {
        return killPrefix;
    }

    private void noteKillPrefix(final String msg) {
        if (msg != null && msg.startsWith("Memory cgroup")) {
            memcgReport = true;
        }
        if (killPrefix == null) {
            killPrefix = msg;
        }
    }

    boolean isMemcg() {
        return memcgReport || "CONSTRAINT_MEMCG".equals(constraint);
    }

    /** What ran out, as far as the report shows it ({@link OomScope#of}). */
    String oomScope() {
        return OomScope.of(isMemcg(), constraint, killPrefix);
    }

    KernelEra era() {
        return era;
    }

    Trigger trigger() {
        if (triggerComm == null && gfpMask == null) {
            return null;
        }
        final List<String> flags = gfpBitsKnown ? GfpFlags.decode(gfpMask, gfpNames, era) : null;
        return new Trigger(triggerComm, triggerPid, gfpMask, flags, order, triggerScoreAdj, triggerOomAdj);
    }

    Victim victim() {
        if (!killRead) {
            return null;
        }
        if (victimPid == null) {
            // A kill line without a pid: its name and what else it prints, nothing matched to other lines by pid.
            return new Victim(null, victimName, victimUid, null, totalVm, anon, file, shmem, pgtables, victimScoreAdj,
                    null, null, null);
        }
        // A process killed for sharing the chosen task's memory was not selected, nor sacrificed as its child.
        final boolean selectedIsVictim = victimPid.equals(selectedPid) || sharingKill;
        final Long uid = victimUid != null ? victimUid
                : victimPid.equals(summaryPid) ? summaryUid : uidFromTable(victimPid);
        return new Victim(victimPid, victimName, uid, victimPid.equals(selectedPid) ? selectedScore : null, totalVm,
                anon, file, shmem, pgtables, victimScoreAdj,
                selectedPid == null || selectedIsVictim ? null : selectedPid,
                selectedPid == null || selectedIsVictim ? null : selectedName,
                selectedPid == null || selectedIsVictim ? null : selectedScore);
    }

    private Long uidFromTable(final int pid) {
        for (final long[] row : rowNumbers) {
            if (row[0] == pid && row[1] != Long.MIN_VALUE) {
                return row[1];
            }
        }
        return null;
    }

    /** What the explanations read beyond the event's fields. */
    ReportFacts facts(final boolean tableWhole) {
        return new ReportFacts(List.copyOf(memoryLines.slab), List.copyOf(memoryLines.hugePages),
                memoryLines.memcgStatKb(), memoryLines.swapIsCombined, legacyOomAdj(), summaryPid, tableWhole,
                pageKb(), memoryLines.reservedPages);
    }

    /** The old oom_adj column per row (2.6 tables), in table order; empty when the table has none. */
    private List<Integer> legacyOomAdj() {
        final int column = taskColumns == null ? -1 : taskColumns.indexOf("oom_adj");
        if (column < 0) {
            return List.of();
        }
        final List<Integer> out = new ArrayList<>(rowNumbers.size());
        for (final long[] row : rowNumbers) {
            out.add(intOrNull(row[5 + column]));
        }
        return out;
    }

    MemcgUsage memcg() {
        if (memcgUsage == null && memcgLimit == null && memcgFailcnt == null) {
            return null;
        }
        return new MemcgUsage(memcgUsage, memcgLimit, memcgFailcnt, memcgSwapUsage, memcgSwapLimit);
    }

    List<Zone> zones() {
        if (zones.isEmpty()) {
            return null;
        }
        final List<Zone> out = new ArrayList<>();
        for (final ZoneDraft z : zones) {
            out.add(new Zone(z.node, z.zone, z.free, z.min, z.low, z.high, z.reserve));
        }
        return out;
    }

    List<Buddy> buddy() {
        return buddies.isEmpty() ? null : List.copyOf(buddies);
    }

    Swap swap() {
        return swapFree == null && swapTotal == null ? null : new Swap(swapFree, swapTotal);
    }

    Long ramKb() {
        return Numbers.times(ramPages, pageKb());
    }

    private long pageKb() {
        return pageKb == null ? 4 : pageKb;
    }

    /** Call once after the last line: Mem-Info counters are pages; convert every {@code *_pages} counter to kB. */
    void finish() {
        final Map<String, Long> kb = new LinkedHashMap<>();
        memInfo.forEach((k, v) -> {
            if (k.endsWith("_pages")) {
                kb.put(k.substring(0, k.length() - "_pages".length()) + "_kb", Numbers.times(v, pageKb()));
            } else {
                kb.put(k, v);
            }
        });
        memInfo.clear();
        memInfo.putAll(kb);
    }

    /** The table as events carry it. */
    record Tasks(List<TaskEntry> listed, Integer count, Integer omitted) {
    }

    /** Every parsed row, converted (for the analysis, which must see the whole table). */
    List<TaskEntry> allTaskRows() {
        if (taskRowsMemo == null) {
            final List<TaskEntry> out = new ArrayList<>(rowNumbers.size());
            for (int i = 0; i < rowNumbers.size(); i++) {
                out.add(toEntry(rowNumbers.get(i), rowNames.get(i)));
            }
            taskRowsMemo = java.util.Collections.unmodifiableList(out);
        }
        return taskRowsMemo;
    }

    Tasks tasks(final int cap, final boolean notWhole) {
        if (taskColumns == null) {
            return new Tasks(null, null, null);
        }
        final List<TaskEntry> all = allTaskRows();
        final Integer count = notWhole ? null : all.size();
        if (all.size() <= cap) {
            return new Tasks(all, count, 0);
        }
        final List<TaskEntry> biggest = new ArrayList<>(all);
        biggest.sort(Comparator.comparing((TaskEntry t) -> t.rssKb() == null ? 0L : t.rssKb()).reversed());
        final java.util.Set<TaskEntry> keep = new java.util.HashSet<>(biggest.subList(0, cap));
        final List<TaskEntry> listed = new ArrayList<>(cap);
        for (final TaskEntry t : all) {
            if (keep.contains(t)) {
                listed.add(t);
            }
        }
        return new Tasks(listed, count, all.size() - cap);
    }

    private TaskEntry toEntry(final long[] n, final String name) {
        final long page = pageKb();
        Long rssAnon = null;
        Long rssFile = null;
        Long rssShmem = null;
        Long pgtablesKb = null;
        Long swapKb = null;
        Integer scoreAdj = null;
        long ptePages = 0;
        boolean sawPte = false;
        for (int i = 0; i < taskColumns.size(); i++) {
            final long v = n[5 + i];
            final Long value = v == Long.MIN_VALUE ? null : v;
            switch (taskColumns.get(i)) {
                case "rss_anon" -> rssAnon = Numbers.times(value, page);
                case "rss_file" -> rssFile = Numbers.times(value, page);
                case "rss_shmem" -> rssShmem = Numbers.times(value, page);
                case "pgtables_bytes" -> pgtablesKb = value == null ? null : value / 1024;
                case "nr_ptes", "nr_pmds", "nr_puds" -> {
                    if (value != null) {
                        ptePages += value;
                        sawPte = true;
                    }
                }
                case "swapents" -> swapKb = Numbers.times(value, page);
                case "oom_score_adj" -> scoreAdj = value == null ? null : (int) (long) value;
                default -> {
                    // cpu and the legacy oom_adj: not carried
                }
            }
        }
        if (sawPte) {
            pgtablesKb = ptePages * page;
        }
        return new TaskEntry(intOrNull(n[0]), longOrNull(n[1]), intOrNull(n[2]), Numbers.times(longOrNull(n[3]), page),
                Numbers.times(longOrNull(n[4]), page), rssAnon, rssFile, rssShmem, pgtablesKb, swapKb, scoreAdj,
                name);
    }

    private static Long longOrNull(final long v) {
        return v == Long.MIN_VALUE ? null : v;
    }

    private static Integer intOrNull(final long v) {
        return v == Long.MIN_VALUE || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) v;
    }

    private static <T> T first(final T current, final T candidate) {
        return current != null ? current : candidate;
    }

    /** A zone line waiting for the lowmem_reserve line that follows it. */
    private static final class ZoneDraft {
        final Integer node;
        final String zone;
        final Long free;
        final Long min;
        final Long low;
        final Long high;
        List<Long> reserve;

        ZoneDraft(final Integer node, final String zone, final Long free, final Long min, final Long low,
                  final Long high) {
            this.node = node;
            this.zone = zone;
            this.free = free;
            this.min = min;
            this.low = low;
            this.high = high;
        }
    }
}
