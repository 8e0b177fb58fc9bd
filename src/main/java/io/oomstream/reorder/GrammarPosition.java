package io.oomstream.reorder;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.LineKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a line kind stands within one kernel report, the order the kernel prints its sections in
 * (mm/oom_kill.c dump_header and oom_kill_process, lib/show_mem.c, mm/page_alloc.c show_free_areas,
 * mm/memcontrol.c mem_cgroup_print_oom_*): the last resort of the reorder key, used only between lines of one host
 * stamped with the same wall-clock time and no kernel stamp.
 *
 * <p>Kinds the kernel interleaves share a position, so lines of those keep their arrival order: a zone line and its
 * {@code lowmem_reserve[]} line (the reserve belongs to the zone printed just before it), the frames of a stack, and
 * a report's end (summary, selection, kill, reaper), ordered by the victim each line names ({@link #TAIL}).
 */
public final class GrammarPosition {

    private static final Map<LineKind, Integer> POSITION = new EnumMap<>(LineKind.class);

    /**
     * The position of a report's end. Its lines are placed by victim, then by step: the lines naming one victim
     * (the summary, the selection, the kill and the reaper line of one pid) stay together in the kernel's order, and
     * victims keep the order their first line arrived in (see {@link #tailWithin}). In grammar order alone, a second
     * holding several kills without kernel stamps would put all its summaries before all its kills, each kill read
     * with another's summary.
     */
    public static final int TAIL = 22;
    /** Steps of a report's end, in the kernel's order; the victim's rank goes above them. */
    private static final int TAIL_STEP_BITS = 2;
    private static final int TAIL_RANK_MASK = (1 << (31 - TAIL_STEP_BITS)) - 1;

    static {
        // oom_kill_process: "callbacks suppressed" is printed by the ratelimit before the header.
        put(0, LineKind.SUPPRESSED);
        put(1, LineKind.TRIGGER, LineKind.ALLOC_FAILURE);
        put(2, LineKind.CPUSET);
        put(3, LineKind.STACK_HEADER);
        put(4, LineKind.STACK);
        // memcg OOM (mem_cgroup_print_oom_context / _meminfo) prints these instead of show_mem.
        put(5, LineKind.MEMCG_TASK_IN);
        put(6, LineKind.MEMCG_USAGE);
        put(7, LineKind.MEMCG_STATS);
        put(8, LineKind.MEMCG_STAT_LINE);
        put(9, LineKind.MEMINFO_START);
        put(10, LineKind.PERCPU);
        // E1's show_mem prints a blank line among its counters; order among the counters carries no field.
        put(11, LineKind.MEMINFO_COUNTERS, LineKind.FREE_PAGES, LineKind.BLANK);
        put(12, LineKind.NODE_STATS);
        put(13, LineKind.ZONE, LineKind.LOWMEM_RESERVE);
        put(14, LineKind.BUDDY);
        put(15, LineKind.MEM_SUMMARY);
        put(16, LineKind.FREE_SWAP, LineKind.TOTAL_SWAP);
        put(17, LineKind.PAGES_RAM);
        put(18, LineKind.SHOW_MEM_TAIL);
        put(19, LineKind.TASKS_STATE);
        put(20, LineKind.TASK_HEADER);
        put(21, LineKind.TASK_ROW);
        // A report's end, from the summary to the reaper, is one position: a storm prints it over and over within
        // one second (a memcg's "Kill process N ... or sacrifice child" / "Killed process N" pairs, a reaper line
        // whenever its thread runs), so lines of it are ordered by the victim they name first ({@link #TAIL}).
        put(TAIL, LineKind.OOM_SUMMARY, LineKind.SELECTION, LineKind.KILL, LineKind.GROUP_KILL_NOTICE,
                LineKind.NO_VICTIM, LineKind.VICTIM_EXITING, LineKind.REAPER);
        // systemd reacts after the kernel: the unit's kill notice, then its failure.
        put(23, LineKind.UNIT_OOM, LineKind.USERSPACE_KILL);
        put(24, LineKind.UNIT_FAILED_OOM);
        put(25, LineKind.OTHER);
    }

    private GrammarPosition() {
    }

    private static void put(final int position, final LineKind... kinds) {
        for (final LineKind k : kinds) {
            POSITION.put(k, position);
        }
    }

    /** The kind's position within a report, 0 first; every kind has one. */
    public static int of(final LineKind kind) {
        return POSITION.get(kind);
    }

    /**
     * The place of a line among the lines of its position whose order the line itself shows: zones and buddy lists
     * by node and zone (DMA, DMA32, Normal, HighMem, Movable, Device), a zone's {@code lowmem_reserve[]} right after
     * it (its leading zeros count the zones up to its own: x86-64 numbering), task rows by pid, a report's end by step
     * (the victim's rank is added by the reorder buffer, {@link #tailWithin}). 0 for every other line (they keep
     * arrival order). Used only where nothing more precise orders two lines.
     */
    public static int within(final Classified c, final String message) {
        return switch (c.kind()) {
            case OOM_SUMMARY, SELECTION, KILL, GROUP_KILL_NOTICE, NO_VICTIM, VICTIM_EXITING, REAPER -> tailStep(c.kind());
            case ZONE -> zoneSlot(zoneIndex(c.group("zone")), false, node(c));
            case BUDDY -> (node(c) << 4) | zoneIndex(c.group("zone"));
            case LOWMEM_RESERVE -> zoneSlot(reserveSlot(message, leadingZeros(c.group("vals"))), true, 0);
            case TASK_ROW -> taskPid(message);
            default -> 0;
        };
    }

    /** The line's step within a report's end: summary, selection, kill (and what ends a report instead), reaper. */
    private static int tailStep(final LineKind kind) {
        return switch (kind) {
            case OOM_SUMMARY -> 0;
            case SELECTION -> 1;
            case REAPER -> 3;
            default -> 2;
        };
    }

    /**
     * The {@link #within} of a line of a report's end placed among the victims of its second: {@code rank} orders
     * victims (the arrival counter of the victim's first line, wrapping after 2^29 lines of a host), the step orders
     * one victim's lines.
     */
    public static int tailWithin(final long rank, final int within) {
        return (int) ((rank & TAIL_RANK_MASK) << TAIL_STEP_BITS) | (within & ((1 << TAIL_STEP_BITS) - 1));
    }

    /** The victim rank a {@link #tailWithin} carries. */
    public static int tailRank(final int within) {
        return within >>> TAIL_STEP_BITS;
    }

    private static int zoneSlot(final int zone, final boolean reserve, final int node) {
        return (Math.max(0, Math.min(zone, 15)) << 12) | (reserve ? 1 << 11 : 0) | Math.min(node, 2047);
    }

    private static int node(final Classified c) {
        final Integer n = c.intGroup("node");
        return n == null || n < 0 ? 0 : Math.min(n, 2047);
    }

    private static int zoneIndex(final String zone) {
        if (zone == null) {
            return 15;
        }
        return switch (zone) {
            case "DMA" -> 0;
            case "DMA32" -> 1;
            case "Normal" -> 2;
            case "HighMem" -> 3;
            case "Movable" -> 4;
            case "Device" -> 5;
            default -> 15;
        };
    }

    /**
     * The zone slot ({@link #zoneIndex}) a reserve line belongs to, from its leading zeros. lowmem_reserve[j] of zone i
     * is 0 for every j up to i (x86-64 zones DMA, DMA32, Normal, Movable, Device); E1's {@code protections[]} of zone
     * i is 0 for every j below i (zones DMA, Normal, HighMem). All zeros: after the last zone.
     */
    private static int reserveSlot(final String message, final int zeros) {
        if (zeros >= 16) {
            return 15;
        }
        if (message.startsWith("protections")) {
            return switch (zeros) {
                case 0 -> 0;
                case 1 -> 2;
                case 2 -> 3;
                default -> 15;
            };
        }
        return switch (zeros) {
            case 0, 1 -> 0;
            case 2 -> 1;
            case 3 -> 2;
            case 4 -> 4;
            case 5 -> 5;
            default -> 15;
        };
    }

    /** Zeros before the first non-zero value; all zeros: 16. */
    private static int leadingZeros(final String vals) {
        if (vals == null) {
            return 16;
        }
        int zeros = 0;
        for (final String v : vals.trim().split("\\s+")) {
            if (!"0".equals(v)) {
                return v.isEmpty() ? 16 : zeros;
            }
            zeros++;
        }
        return 16;
    }

    /** The pid in a task row's leading {@code [ pid]}; 0 when it cannot be read. */
    private static int taskPid(final String message) {
        final int open = message.indexOf('[');
        int pid = 0;
        for (int i = open + 1; open >= 0 && i < message.length() && i < open + 16; i++) {
            final char ch = message.charAt(i);
            if (ch >= '0' && ch <= '9') {
                pid = pid * 10 + (ch - '0');
            } else if (ch == ']') {
                break;
            }
        }
        return pid;
    }
}
