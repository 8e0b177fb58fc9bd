package io.oomstream.app;

import io.oomstream.event.EventKind;
import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.event.Victim;

/**
 * One readable line per event, for people watching a terminal (the demo). Every value from the logs (host, process,
 * unit, service, fleet fields, verdicts that quote them) goes through {@link TerminalText#visible}: a process name
 * may hold ESC sequences, and they must show as {@code \x1b}, never act on the terminal.
 */
final class EventPrinter {

    private EventPrinter() {
    }

    static String line(final OomEvent e, final boolean updated) {
        final StringBuilder sb = new StringBuilder();
        if (updated) {
            sb.append("(update) ");
        }
        sb.append(e.time() == null ? "(no time)           " : e.time()).append("  ");
        sb.append(pad(e.host() == null ? "(no host)" : shown(e.host()), 22)).append(' ');
        sb.append(pad(label(e.kind()), 15)).append(' ');
        final Victim v = e.victim();
        if (v != null) {
            sb.append(shown(v.name())).append(" (pid ").append(v.pid()).append(")");
        } else if (e.systemdUnit() != null) {
            sb.append(shown(e.systemdUnit()));
        } else if (e.trigger() != null && e.trigger().process() != null) {
            sb.append(shown(e.trigger().process()));
        }
        if (!e.complete()) {
            sb.append("  [incomplete: ").append(e.incompleteReason() == null ? "?" : e.incompleteReason().json()).append(']');
        }
        if (e.analysis() != null && e.analysis().verdict() != null) {
            sb.append("\n      ").append(shown(e.analysis().verdict()));
        }
        return sb.toString();
    }

    /** An incident (host or fleet-wide) in one or two lines. */
    static String incident(final com.fasterxml.jackson.databind.JsonNode i) {
        final String scope = i.path("scope").asText("host");
        final StringBuilder sb = new StringBuilder("INCIDENT ");
        sb.append(pad(i.path("status").asText("?"), 7)).append(pad(i.path("severity").asText("?"), 9));
        sb.append("fleet".equals(scope)
                ? "fleet-wide " + shown(i.path("group_by").asText()) + "=" + shown(i.path("group_value").asText())
                : shown(i.path("host").asText("(no host)")));
        sb.append("  ").append(i.path("kill_count").asInt()).append(" kill(s)");
        if (i.path("reports_without_kill").asInt() > 0) {
            // Never added to the kills: the report never reached its kill line.
            sb.append(" + ").append(i.path("reports_without_kill").asInt()).append(" report(s) without a kill");
        }
        if (i.path("services_hit").isArray() && !i.path("services_hit").isEmpty()) {
            sb.append(", services ").append(shown(i.path("services_hit").toString()));
        }
        if (!i.path("verdict").isMissingNode()) {
            sb.append("\n      ").append(shown(i.path("verdict").asText()));
        }
        return sb.toString();
    }

    /** A closed kill-count window, or one emitted again because a kill for it arrived late. */
    static String killCount(final com.fasterxml.jackson.databind.JsonNode c, final boolean corrected) {
        return (corrected ? "COUNT+   " : "COUNT    ") + c.path("window_start").asText()
                + "  service=" + shown(c.path("service").asText("?"))
                + " environment=" + shown(c.path("environment").asText("-"))
                + " datacenter=" + shown(c.path("datacenter").asText("-"))
                + " team=" + shown(c.path("team").asText("-")) + "  kills=" + c.path("count").asLong()
                + (corrected ? "  (corrected: a kill for this window arrived after it closed)" : "");
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

    private static String shown(final String fromTheLogs) {
        return TerminalText.visible(fromTheLogs);
    }

    private static String pad(final String s, final int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
