package io.oomstream.event;

/**
 * What ran out of memory, as far as a kernel OOM report shows it: the event's {@code oom_scope}. The kernel says it in
 * its {@code oom-kill:constraint=} summary (4.19 on) and, before that, only in its kill line's words: the global path
 * writes {@code Out of memory: Kill process} (2.6 to 4.18) where a memory cgroup's writes {@code Memory cgroup out of
 * memory:}. A report that shows neither (a kill line pasted alone, a report joined from its middle, a 5.x kill line
 * whose summary was lost) has no scope: it is not put down to the host.
 */
public final class OomScope {

    /** The host as a whole: {@code CONSTRAINT_NONE}, or before 4.19 the global path's kill message. */
    public static final String HOST = "host";
    /** A memory cgroup's limit ({@code CONSTRAINT_MEMCG}, or any of the memcg report's own lines). */
    public static final String MEMCG = "memcg";
    /** The memory nodes of the task's cpuset ({@code CONSTRAINT_CPUSET}). */
    public static final String CPUSET = "cpuset";
    /** The memory nodes a memory policy allows ({@code CONSTRAINT_MEMORY_POLICY}). */
    public static final String MEMORY_POLICY = "memory_policy";

    private static final String GLOBAL_KILL_MESSAGE = "Out of memory";

    private OomScope() {
    }

    /**
     * The scope a report shows: from its constraint when printed, else from its kill (or selection) line's message.
     * Before 4.19 a cpuset's or a memory policy's OOM wrote the same {@code Out of memory} words as the host's; such a
     * report reads as the host's, the kernel giving nothing to tell them apart.
     *
     * @param memcgReport  the report is a memory cgroup's (its constraint, its header or its memcg lines say so)
     * @param constraint   the {@code constraint=} value, null when not printed
     * @param killMessage  the words before {@code : Kill process} / {@code : Killed process}, null when not shown
     */
    public static String of(final boolean memcgReport, final String constraint, final String killMessage) {
        if (memcgReport) {
            return MEMCG;
        }
        if (constraint != null) {
            return switch (constraint) {
                case "CONSTRAINT_NONE" -> HOST;
                case "CONSTRAINT_CPUSET" -> CPUSET;
                case "CONSTRAINT_MEMORY_POLICY" -> MEMORY_POLICY;
                case "CONSTRAINT_MEMCG" -> MEMCG;
                default -> null;
            };
        }
        if (killMessage != null
                && killMessage.strip().regionMatches(true, 0, GLOBAL_KILL_MESSAGE, 0, GLOBAL_KILL_MESSAGE.length())) {
            return HOST;
        }
        return null;
    }
}
