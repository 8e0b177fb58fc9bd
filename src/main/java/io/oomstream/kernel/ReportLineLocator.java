package io.oomstream.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a recognisable OOM-report line begins inside text whose prefix is unknown
 * (a log-search export, a serial console capture, a paste with a foreign date format).
 *
 * <p>Only distinctive phrases are searched for, so ordinary text is not mistaken for a
 * report line. The returned index is the start of the kernel message, i.e. of the
 * trigger's process name for {@code "X invoked oom-killer"} lines.
 */
public final class ReportLineLocator {

    /** Phrases that only an OOM report prints; group "msg" starts at the kernel message. */
    private static final Pattern MARKERS = Pattern.compile(
            "(?:^|\\s)(?<msg>"
                    + "\\S[^\\[\\]]{0,40}? invoked oom-killer: "
                    + "|oom-killer: gfp_mask="
                    + "|oom-kill:constraint="
                    + "|Out of [Mm]emory(?: \\([^)]*\\))?: Kill(?:ed)? process "
                    + "|Memory cgroup out of memory: Kill(?:ed)? process "
                    + "|Killed process \\d+"
                    + "|oom_reaper: reaped process "
                    + "|\\S+: page allocation failure[.:] "
                    // 2.4 (Era1Rules): the page-fault path's kill and the allocator's one-line failure
                    + "|VM: killing process "
                    + "|__alloc_pages: \\d+-order allocation failed"
                    + "|SLUB: Unable to allocate memory on node "
                    + "|Task in /\\S* killed as a result of limit of "
                    + "|Mem-[Ii]nfo:"
                    + "|\\S+\\.(?:service|scope|slice): (?:A process of this unit has been killed by the OOM killer|Failed with result 'oom-kill')"
                    + ")");

    private ReportLineLocator() {
    }

    /**
     * Returns the index in {@code text} where a report line starts, or -1 when the text holds none.
     */
    public static int locate(final String text) {
        final Matcher m = MARKERS.matcher(text);
        if (!m.find()) {
            return -1;
        }
        int start = m.start("msg");
        // For "comm invoked oom-killer" the lazy match may begin mid-prefix; the comm is the
        // last whitespace-free run before " invoked" unless the prefix itself ends right there.
        final int invoked = text.indexOf(" invoked oom-killer: ", start);
        if (invoked >= 0 && invoked < start + 60) {
            final int lastSpace = text.lastIndexOf(' ', invoked - 1);
            start = Math.max(start, lastSpace + 1);
        }
        return start;
    }
}
