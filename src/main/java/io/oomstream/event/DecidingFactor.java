package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonValue;

/** What decided the kernel's choice of victim, as recomputed from the report's task table. */
public enum DecidingFactor {
    /** The victim had the highest badness by its own memory (rss + swap + page tables). */
    LARGEST("largest"),
    /** The victim ranked first only because of its positive oom_score_adj. */
    SCORE_ADJ("score_adj"),
    /** A larger process was protected (negative oom_score_adj, or -1000), so the kernel took the next one. */
    PROTECTED_LARGER("protected_larger"),
    /** A larger process ran as root and the 3% root bonus of that era let it off. */
    ROOT_BONUS("root_bonus"),
    /** The kernel selected a parent and killed one of its children instead ('or sacrifice child'). */
    CHILD_SACRIFICED("child_sacrificed"),
    /** The kill line names a member of a memory.oom.group walk, not the task the kernel selected. */
    GROUP_MEMBER("group_member"),
    /** Several tasks had the victim's score; the kernel keeps the first it meets. */
    TIE("tie"),
    /** The recomputed ranking does not put the victim first (stale table, exiting tasks, threads). */
    NOT_FIRST("not_first"),
    /** 2.6.19-2.6.35: only the total_vm / oom_adj part of the old heuristic can be recomputed. */
    APPROXIMATE("approximate"),
    /** The report prints no task table. */
    TABLE_MISSING("table_missing"),
    /** The task table is cut or elided. */
    TABLE_CUT("table_cut"),
    /** The victim's row is not in the table. */
    VICTIM_NOT_IN_TABLE("victim_not_in_table"),
    /** The report prints neither RAM nor the memcg limit that scale oom_score_adj. */
    SCALE_UNKNOWN("scale_unknown");

    private final String json;

    DecidingFactor(final String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** The rank could not be recomputed at all. */
    public boolean unchecked() {
        return this == TABLE_MISSING || this == TABLE_CUT || this == VICTIM_NOT_IN_TABLE || this == SCALE_UNKNOWN;
    }
}
