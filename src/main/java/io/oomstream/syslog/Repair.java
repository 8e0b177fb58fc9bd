package io.oomstream.syslog;

import java.util.Locale;

/**
 * One way a line was repaired or read before the kernel grammar saw it: what an export or a paste did to the
 * text, undone. Each is counted ({@link RepairCounts}) in {@code analyze}'s summary and in {@code /metrics}.
 */
public enum Repair {
    /** {@code > } / {@code >> } mail quoting stripped from a line. */
    QUOTE_STRIPPED,
    /** The indentation of a line indented as a whole (a Markdown code block, a ticket, a mail) dropped. */
    INDENT_STRIPPED,
    /** U+00A0 no-break spaces or tabs read as the spaces they stand for. */
    SPACES_NORMALISED,
    /** A carriage return (CRLF line end, or a CR inside a multi-line record) dropped. */
    CR_STRIPPED,
    /** A hard-wrapped or format=flowed line joined with its continuation. */
    LINE_UNWRAPPED,
    /** A kernel stamp alone on its line joined with the message on the next line. */
    LONE_STAMP_JOINED,
    /** A {@code --} separator of {@code grep -A/-B/-C} output skipped. */
    GREP_SEPARATOR_SKIPPED,
    /**
     * A blank line between the lines of a text skipped: no log layout writes an empty record, but a double-spaced
     * paste (a blog, a serial console's CRLF read twice) has one after every line. It carries nothing, so it is no
     * undecodable record; it still ends any wrapped line before it.
     */
    BLANK_LINE_SKIPPED,
    /** A tool's prefix before a whole syslog line (logcli labels, grep's file name, a CSV export's columns) skipped. */
    TOOL_PREFIX_SKIPPED,
    /** A line read through a prefix learned from a report line of the same source. */
    LEARNED_PREFIX_LINE,
    /** A bare kernel message (no prefix at all) read whole. */
    BARE_LINE,
    /** A {@code dmesg -T} stamp in another language resolved through the JDK's locale data. */
    LOCALISED_STAMP,
    /** A {@code dmesg -T} stamp in another language that could not be resolved: kept in order, time null. */
    LOCALISED_STAMP_UNRESOLVED,
    /** The line number of a numbered listing ({@code cat -n}, {@code nl}, an editor's numbered view) dropped. */
    LINE_NUMBER_STRIPPED,
    /** ANSI colour and style escapes of a terminal capture ({@code journalctl} or {@code grep --color}) dropped. */
    ANSI_ESCAPES_STRIPPED,
    /** HTML character references of a line escaped whole ({@code &lt;}, {@code &gt;}, {@code &amp;}, ...) read as the characters. */
    HTML_ENTITIES_DECODED,
    /** A Markdown code fence ({@code ```}) glued to the start or end of a pasted line dropped. */
    CODE_FENCE_STRIPPED,
    /**
     * A line that only opens or closes a pasted block ({@code ```}, {@code ```text}, {@code ~~~}, Jira's
     * {@code {noformat}} and {@code {code:java}}, BBCode's {@code [code]}, HTML's {@code <pre>}) skipped: no log line,
     * and no continuation of the line before it, so it ends a wrap as a blank line does.
     */
    FENCE_LINE_SKIPPED,
    /** Thousands separators in a kill line's sizes ({@code total-vm:26,184,840kB}) dropped. */
    DIGIT_GROUPING_STRIPPED;

    /** The name used in summaries and as the metric label, e.g. {@code line_unwrapped}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
