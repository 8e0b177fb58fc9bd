package io.oomstream.loadgen;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Renders one line in a transport format, as rsyslog would write or ship it. Hand-formatted (no
 * String.format) because the generator feeds benchmarks with millions of lines; the calendar part of a
 * timestamp is cached per second. Not thread-safe.
 */
final class SyslogRenderer {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private long cachedSecond = Long.MIN_VALUE;
    private String cached3164;
    private String cachedIso;
    private final StringBuilder sb = new StringBuilder(256);

    /**
     * @param uptimeMicros the kernel stamp to print before a kernel message, or -1 for none
     * @param pid          the program's pid, or -1 when the tag has none
     * @param severity     syslog severity (RFC 5424 PRI)
     */
    String render(final OutputFormat format, final String host, final String program, final int pid,
                  final String message, final long epochMicros, final long uptimeMicros, final int severity) {
        final long second = Math.floorDiv(epochMicros, 1_000_000L);
        final int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        if (second != cachedSecond) {
            cache(second);
        }
        sb.setLength(0);
        switch (format) {
            case RFC3164 -> {
                sb.append(cached3164).append(' ').append(host).append(' ').append(program);
                if (pid >= 0) {
                    sb.append('[').append(pid).append(']');
                }
                sb.append(": ");
                stamp(uptimeMicros);
                sb.append(message);
            }
            case RFC5424 -> {
                sb.append('<').append(facility(program) * 8 + severity).append(">1 ").append(cachedIso).append('.');
                micros6(micros);
                sb.append("+00:00 ").append(host).append(' ').append(program).append(' ');
                if (pid >= 0) {
                    sb.append(pid);
                } else {
                    sb.append('-');
                }
                sb.append(" - - ");
                stamp(uptimeMicros);
                sb.append(message);
            }
            case JSON -> {
                sb.append("{\"hostname\":\"");
                escape(host);
                sb.append("\",\"timestamp\":\"").append(cachedIso).append('.');
                micros6(micros);
                sb.append("+00:00\",\"programname\":\"");
                escape(program);
                sb.append("\",\"msg\":\"");
                if (uptimeMicros >= 0) {
                    final int from = sb.length();
                    stamp(uptimeMicros);
                    final String stamp = sb.substring(from);
                    sb.setLength(from);
                    escape(stamp);
                }
                escape(message);
                sb.append("\"}");
            }
            default -> throw new IllegalArgumentException("a host ships in one concrete format, not " + format);
        }
        return sb.toString();
    }

    private void cache(final long second) {
        cachedSecond = second;
        final LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
        final StringBuilder b = new StringBuilder(32);
        b.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            b.append(' ');
        }
        b.append(t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        cached3164 = b.toString();
        b.setLength(0);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        cachedIso = b.toString();
    }

    /** {@code [%5lu.%06lu] } as printk prints it. */
    private void stamp(final long uptimeMicros) {
        if (uptimeMicros < 0) {
            return;
        }
        final long secs = uptimeMicros / 1_000_000L;
        final String s = Long.toString(secs);
        sb.append('[');
        for (int i = s.length(); i < 5; i++) {
            sb.append(' ');
        }
        sb.append(s).append('.');
        micros6((int) (uptimeMicros % 1_000_000L));
        sb.append("] ");
    }

    private void micros6(final int micros) {
        final String s = Integer.toString(micros);
        for (int i = s.length(); i < 6; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** JSON string escaping as rsyslog's jsonf does it (it also escapes '/'). */
    private void escape(final String s) {
        int clean = 0;
        final int n = s.length();
        while (clean < n) {
            final char c = s.charAt(clean);
            if (c < 0x20 || c == '"' || c == '\\' || c == '/') {
                break;
            }
            clean++;
        }
        sb.append(s, 0, clean);
        for (int i = clean; i < n; i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '/' -> sb.append("\\/");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00");
                        sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    private static StringBuilder two(final StringBuilder b, final int v) {
        if (v < 10) {
            b.append('0');
        }
        return b.append(v);
    }

    /** Syslog facility by program: kern 0, mail 2, daemon 3, auth 4, cron 9, user 1 otherwise. */
    private static int facility(final String program) {
        return switch (program) {
            case "kernel" -> 0;
            case "postfix/smtpd", "postfix/qmgr" -> 2;
            case "systemd", "systemd-logind", "chronyd", "dhclient", "containerd", "kubelet", "rsyslogd" -> 3;
            case "sshd", "sudo" -> 4;
            case "CRON" -> 9;
            default -> 1;
        };
    }
}
