package io.oomstream.app;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.Victim;

/** One readable line per event, for people watching a terminal (the demo). */
final class EventPrinter {

    private EventPrinter() {
    }

    static String line(final OomEvent e, final boolean updated) {
        final StringBuilder sb = new StringBuilder();
        if (updated) {
            sb.append("(update) ");
        }
        sb.append(e.time() == null ? "(no time)           " : e.time()).append("  ");
        sb.append(pad(e.host() == null ? "(no host)" : e.host(), 22)).append(' ');
        sb.append(pad(label(e.kind()), 15)).append(' ');
        final Victim v = e.victim();
        if (v != null) {
            sb.append(v.name()).append(" (pid ").append(v.pid()).append(")");
        } else if (e.systemdUnit() != null) {
            sb.append(e.systemdUnit());
        } else if (e.trigger() != null && e.trigger().process() != null) {
            sb.append(e.trigger().process());
        }
        if (!e.complete()) {
            sb.append("  [incomplete: ").append(e.incompleteReason() == null ? "?" : e.incompleteReason().json()).append(']');
        }
        if (e.analysis() != null && e.analysis().verdict() != null) {
            sb.append("\n      ").append(e.analysis().verdict());
        }
        return sb.toString();
    }

    private static String label(final EventKind k) {
        return switch (k) {
            case OOM_KILL -> "OOM kill";
            case MEMCG_OOM_KILL -> "cgroup OOM kill";
            case ALLOC_FAILURE -> "alloc failure";
            case UNIT_OOM_KILL -> "unit OOM kill";
            case USERSPACE_OOM_KILL -> "userspace kill";
        };
    }

    private static String pad(final String s, final int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
