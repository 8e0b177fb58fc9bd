package io.oomstream.syslog;

import java.util.regex.Pattern;

/**
 * The colour escapes of a captured terminal session: {@code journalctl} colours the message (and, since systemd
 * 254, the host and identifier) when forced to ({@code SYSTEMD_COLORS=1}, {@code script}, a CI log), {@code grep
 * --color=always} and {@code dmesg --color=always} colour their matches, the stamp and the facility. Left in, an
 * escape before the header hides the host and time; inside the message it splits a word the grammar looks for.
 * Dropped: only what those tools write, SGR colour ({@code ESC [ n;n m}) and grep's erase-in-line ({@code ESC [ K}).
 * Any other escape is kept: a process may name itself with a clear-screen or a window-title sequence to hide from an
 * operator's terminal, and that name must reach the event as the kernel printed it (escaped when shown;
 * HostileTerminalOutputTest).
 */
final class AnsiEscapes {

    private static final char ESC = '\u001b';
    private static final Pattern ESCAPE = Pattern.compile("\u001b\\[[0-9;]*[mK]");

    private AnsiEscapes() {
    }

    /** The text without its colour escapes; the text itself (the same object) when it holds none. */
    static String strip(final String text, final RepairCounts counts) {
        if (text.indexOf(ESC) < 0) {
            return text;
        }
        final String stripped = ESCAPE.matcher(text).replaceAll("");
        if (stripped.length() != text.length()) {
            counts.add(Repair.ANSI_ESCAPES_STRIPPED);
        }
        return stripped.length() != text.length() ? stripped : text;
    }
}
