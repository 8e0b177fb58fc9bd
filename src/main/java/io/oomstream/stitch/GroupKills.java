package io.oomstream.stitch;

import java.util.ArrayList;
import java.util.List;

/**
 * A memory.oom.group report's shared part (trigger, stack, Mem-Info or memcg lines, the task table and the
 * summary), read once when the group is announced, so that each further kill costs the reading of its own lines
 * only. Kept in memory beside the host's state: after a restart it is gone, and the report is read whole again.
 */
final class GroupKills {

    /** The id of the report's first event, to tell this group from a later one of the same host. */
    final String reportId;
    /** How many of the report's lines are shared (they precede the first kill line). */
    final int sharedLines;
    /** A reader that has read the shared lines; every kill reads into a copy of it. */
    final ReportReader shared;
    /** The current kill's own lines (its kill line and reaper line), in order. */
    final List<ReportLine> ownLines = new ArrayList<>();

    GroupKills(final String reportId, final int sharedLines, final ReportReader shared) {
        this.reportId = reportId;
        this.sharedLines = sharedLines;
        this.shared = shared;
    }

    /** This context still describes the host's open report, line for line. */
    boolean describes(final HostState s) {
        return reportId.equals(s.groupReportId) && sharedLines == s.killLineIndex
                && sharedLines + ownLines.size() == s.lineCount;
    }
}
