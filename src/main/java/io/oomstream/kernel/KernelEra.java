package io.oomstream.kernel;

/**
 * Kernel generations whose OOM reports differ in wording (see docs/oom-formats or
 * ../shared/reference/oom-formats.md section 2). The era of a report is the newest era
 * any of its lines proves; a header-less fragment may prove none (null).
 */
public enum KernelEra {
    /** 2.6.0 to about 2.6.18: {@code oom-killer: gfp_mask=}, {@code Out of Memory: Killed process N (x).}. */
    E1("e1"),
    /** About 2.6.19 to 2.6.35: {@code oomkilladj=} header, {@code or a child}. */
    E2("e2"),
    /** 2.6.36 to about 3.7 and RHEL6: {@code oom_adj=, oom_score_adj=} header, {@code or sacrifice child}. */
    E3("e3"),
    /** About 3.8 to 4.20 and RHEL7: {@code oom_score_adj=} only, shmem-rss, oom_reaper, memcg {@code Task in}. */
    E4("e4"),
    /** 5.x: {@code oom-kill:} summary line, {@code Out of memory: Killed process}, UID/pgtables on the kill line from 5.4. */
    E5("e5"),
    /** 6.x: decoded taint lines, UID on the stack header, rss split into anon/file/shmem in the task table. */
    E6("e6");

    private final String id;

    KernelEra(final String id) {
        this.id = id;
    }

    /** The short id written into events ({@code kernel_era}). */
    public String id() {
        return id;
    }

    /** The newer of two eras; null-tolerant. */
    public static KernelEra newest(final KernelEra a, final KernelEra b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
