package io.oomstream.app;

import io.oomstream.event.OomEvent;
import io.oomstream.event.TerminalText;
import io.oomstream.incident.IncidentRecord;
import io.oomstream.offline.TextReport;

/**
 * The demo's lines, for people watching a terminal: one line per event (time, kind, victim) and one per incident
 * change (what changed, severity, kills, when, who), in fixed columns with the host or subject last so a long host
 * name never pushes a column. Every value from the logs (host, process, unit, service, verdicts that quote them)
 * goes through {@link TerminalText#visible}: a process name may hold ESC sequences, and they must show as
 * {@code \x1b}, never act on the terminal.
 */
final class EventPrinter {

    /** How wide the change label of an incident line is ({@code opened}, {@code changed}, {@code closed}). */
    private static final int CHANGE_WIDTH = 9;

    private EventPrinter() {
    }

    /** {@code 2026-10-21 07:09:48  kernel OOM kill       httpd (pid 22268)}, then the host when asked. */
    static String line(final OomEvent e, final boolean withHost) {
        final String line = TextReport.eventLine(e);
        return withHost ? line + "  on " + TerminalText.visible(e.host() == null ? "(no host)" : e.host()) : line;
    }

    /** {@code opened   critical  1 kill    2026-11-02 14:11:02  mail}. */
    static String incident(final String change, final IncidentRecord r) {
        return TextReport.pad(change, CHANGE_WIDTH) + TextReport.incidentLine(r);
    }

    /** An incident's verdict, wrapped: its first line starts with {@code first}, the others with {@code indent}. */
    static String verdict(final IncidentRecord r, final String first, final String indent) {
        final StringBuilder b = new StringBuilder();
        TextReport.wrap(TextReport.verdict(r), indent, b);
        return first + b.substring(indent.length());
    }
}
