package io.oomstream.syslog;

/**
 * A line pasted from an HTML source (an issue tracker's plain-text export, a page's source, a mail's HTML part): its
 * {@code <}, {@code >}, {@code &} and quotes escaped as character references. Kernel lines hold {@code <} and
 * {@code >} (a call trace's {@code [<ffffffff81234>]}, {@code <TASK>}, {@code <IRQ>}), which the grammar must see.
 *
 * <p>Only a line escaped whole is decoded: it holds a reference ({@code &lt;}, {@code &gt;}, {@code &amp;},
 * {@code &quot;}, {@code &apos;}, {@code &#39;}, {@code &nbsp;}, {@code &#NNN;}, {@code &#xHH;}) and no raw
 * {@code <} or {@code >}, which an escaper would have escaped. A line that holds a raw bracket kept its text as
 * written, an {@code &amp;} in it included (a process may be named so). So did a line whose only references are
 * {@code &amp;}: an ampersand is the one character an escaper changes that a line without brackets or quotes holds, so
 * {@code &amp;} alone shows no escaping (a URL's query copied from a page's text, a name written so); with another
 * reference beside it ({@code &lt;}, {@code &quot;}, {@code &#39;}, ...) the line was escaped whole and it is read
 * back too.
 */
final class HtmlEntities {

    /** Longer than any reference read here ({@code &#x10FFFF;}). */
    private static final int MAX_REFERENCE = 10;
    /** The reference that alone shows no escaping; {@code &#38;} names the same character but is escaping all the same. */
    private static final String AMPERSAND = "&amp;";

    private HtmlEntities() {
    }

    /** The line with its references read, or {@code line} itself (the same object) when it is not escaped whole. */
    static String decode(final String line) {
        if (line.indexOf('<') >= 0 || line.indexOf('>') >= 0) {
            return line;
        }
        StringBuilder out = null;
        boolean escapedOtherThanAmpersand = false;
        int copied = 0;
        int amp = line.indexOf('&');
        while (amp >= 0) {
            final int semi = line.indexOf(';', amp + 1);
            if (semi < 0) {
                break;
            }
            final int c = semi - amp <= MAX_REFERENCE ? reference(line, amp + 1, semi) : -1;
            if (c >= 0) {
                if (out == null) {
                    out = new StringBuilder(line.length());
                }
                out.append(line, copied, amp).appendCodePoint(c);
                escapedOtherThanAmpersand |= !line.startsWith(AMPERSAND, amp);
                copied = semi + 1;
                amp = line.indexOf('&', copied);
            } else {
                amp = line.indexOf('&', amp + 1);
            }
        }
        if (out == null || !escapedOtherThanAmpersand) {
            return line;
        }
        return out.append(line, copied, line.length()).toString();
    }

    /** The code point the reference between {@code from} and {@code to} names, or -1. */
    private static int reference(final String s, final int from, final int to) {
        final String name = s.substring(from, to);
        switch (name) {
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "amp":
                return '&';
            case "quot":
                return '"';
            case "apos":
                return '\'';
            case "nbsp":
                return '\u00A0';
            default:
                break;
        }
        if (name.length() < 2 || name.charAt(0) != '#') {
            return -1;
        }
        final boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
        final String digits = name.substring(hex ? 2 : 1);
        if (digits.isEmpty()) {
            return -1;
        }
        try {
            final int c = Integer.parseInt(digits, hex ? 16 : 10);
            return c > 0 && c <= Character.MAX_CODE_POINT && (c < 0xD800 || c > 0xDFFF) && !Character.isISOControl(c)
                    ? c : -1;
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
