package io.oomstream.syslog;

import java.util.regex.Pattern;

/**
 * The terminal escapes of a captured terminal session: {@code journalctl} colours the message (and, since systemd
 * 254, the host and identifier) when forced to ({@code SYSTEMD_COLORS=1}, {@code script}, a CI log), {@code grep
 * --color=always} and {@code dmesg --color=always} colour their matches, the stamp and the facility. Left in, an
 * escape before the header hides the host and time; inside the message it splits a word the grammar looks for.
 * Dropped: CSI sequences (ESC [ parameters, intermediates, final byte; SGR colour is one) and OSC sequences (ESC ],
 * ended by BEL or ESC \, e.g. a hyperlink).
 */
final class AnsiEscapes {

    private static final char ESC = '\u001b';
    private static final Pattern ESCAPE = Pattern.compile(
            "\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?|\u001b");

    private AnsiEscapes() {
    }

    /** The text without its terminal escapes; the text itself (the same object) when it holds no ESC. */
    static String strip(final String text, final RepairCounts counts) {
        if (text.indexOf(ESC) < 0) {
            return text;
        }
        counts.add(Repair.ANSI_ESCAPES_STRIPPED);
        return ESCAPE.matcher(text).replaceAll("");
    }
}
