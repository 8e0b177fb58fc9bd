package io.oomstream.explain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * mm/oom_kill.c's oom_badness() as each kernel generation wrote it. Units are pages; {@code totalPages} is what
 * the kernel scales oom_score_adj by (RAM + swap for a global OOM, the memcg limit (+ swap) for a memcg OOM).
 * {@code root} stands for CAP_SYS_ADMIN, which the table does not print: uid 0 is taken for it.
 */
public enum BadnessFormula {

    /**
     * 2.6.19-2.6.35: total_vm, plus half of each child's, divided by the square roots of CPU and run time,
     * doubled for niced tasks, quartered for CAP_SYS_ADMIN and CAP_SYS_RAWIO, then shifted by oom_adj. The table
     * prints total_vm and oom_adj only, so this is the size term alone.
     */
    LEGACY_TOTAL_VM(false, "2.6.19-2.6.35 (total_vm shifted by oom_adj)"),
    /**
     * 2.6.36-3.8 and RHEL6's backport: {@code (rss + nr_ptes + swapents) * 1000 / totalpages}, minus 30 for root,
     * plus oom_score_adj, kept within 1..1000. That number is also what {@code score N} prints.
     */
    NORMALISED_1000(true, "2.6.36-3.8 (0-1000, root -30)"),
    /** 3.9-3.13: pages; root gets {@code adj -= 30}; {@code adj * (totalpages / 1000)} is added. */
    PAGES_ROOT_ADJ_30(true, "3.9-3.13 (pages, root adj -30)"),
    /** 3.14-4.18: pages; root loses 3% of its own points; {@code adj * (totalpages / 1000)} is added. */
    PAGES_ROOT_3_PERCENT(true, "3.14-4.18 (pages, root -3%)"),
    /** 4.19 on: pages ({@code rss + swapents + page tables}) plus {@code adj * (totalpages / 1000)}; no root bonus. */
    PAGES(true, "4.19+ (pages, no root bonus)");

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final int ADJ_MIN = -1000;

    private final boolean scaled;
    private final String label;

    BadnessFormula(final boolean scaled, final String label) {
        this.scaled = scaled;
        this.label = label;
    }

    /** The formula of a kernel: its version when the stack header printed one, else its era; null for E1. */
    public static BadnessFormula of(final String era, final String kernelVersion) {
        final Matcher m = kernelVersion == null ? null : VERSION.matcher(kernelVersion);
        if (m != null && m.find()) {
            final int major = Integer.parseInt(m.group(1));
            final int minor = Integer.parseInt(m.group(2));
            final int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (major == 2) {
                if (kernelVersion.contains(".el6")) {
                    return NORMALISED_1000; // RHEL6 backported the 2.6.36 rewrite
                }
                return patch >= 36 ? NORMALISED_1000 : patch >= 19 ? LEGACY_TOTAL_VM : null;
            }
            if (major == 3) {
                return minor <= 8 ? NORMALISED_1000 : minor <= 13 ? PAGES_ROOT_ADJ_30 : PAGES_ROOT_3_PERCENT;
            }
            if (major == 4) {
                return minor <= 18 ? PAGES_ROOT_3_PERCENT : PAGES;
            }
            return PAGES;
        }
        if (era == null) {
            return null;
        }
        return switch (era) {
            case "e2" -> LEGACY_TOTAL_VM;
            case "e3" -> NORMALISED_1000;
            case "e4" -> PAGES_ROOT_3_PERCENT;
            case "e5", "e6" -> PAGES;
            default -> null;
        };
    }

    /** Whether oom_score_adj is scaled by totalpages (every formula but the 2.6 one). */
    public boolean scaled() {
        return scaled;
    }

    public String label() {
        return label;
    }

    /** The task may be chosen at all: oom_score_adj -1000 (or the old oom_adj -17) exempts it. */
    public boolean eligible(final Integer adj, final Integer legacyAdj) {
        if (this == LEGACY_TOTAL_VM) {
            return legacyAdj == null || legacyAdj != -17;
        }
        return adj == null || adj > ADJ_MIN;
    }

    /**
     * The badness the kernel compares. {@code points} is rss + swapents + page tables in pages (total_vm for the
     * 2.6 formula); {@code withAdj} false leaves the adjustment out, to tell what the adjustment decided.
     */
    public long score(final long points, final int adj, final Integer legacyAdj, final boolean root,
                      final long totalPages, final boolean withAdj) {
        final long total = Math.max(1, totalPages);
        switch (this) {
            case LEGACY_TOTAL_VM -> {
                long p = root ? points / 4 : points;
                final int shift = withAdj && legacyAdj != null ? legacyAdj : 0;
                if (shift > 0) {
                    p <<= Math.min(shift, 30);
                } else if (shift < 0) {
                    p >>= Math.min(-shift, 62);
                }
                return p;
            }
            case NORMALISED_1000 -> {
                long p = points * 1000 / total;
                if (root) {
                    p -= 30;
                }
                if (withAdj) {
                    p += adj;
                }
                return p <= 0 ? 1 : Math.min(p, 1000);
            }
            case PAGES_ROOT_ADJ_30 -> {
                final long a = (withAdj ? adj : 0) - (root ? 30 : 0);
                return Math.max(1, points + a * (total / 1000));
            }
            case PAGES_ROOT_3_PERCENT -> {
                final long p = root ? points - points * 3 / 100 : points;
                return Math.max(1, p + (withAdj ? adj : 0) * (total / 1000));
            }
            default -> {
                return Math.max(1, points + (withAdj ? adj : 0) * (total / 1000));
            }
        }
    }

    /** The {@code score N} the selection line prints for a badness (3.9-4.x print it out of 1000). */
    public long printed(final long badness, final long totalPages) {
        return switch (this) {
            case LEGACY_TOTAL_VM, NORMALISED_1000 -> badness;
            default -> badness * 1000 / Math.max(1, totalPages);
        };
    }
}
