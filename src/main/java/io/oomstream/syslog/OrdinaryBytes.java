package io.oomstream.syslog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The ordinary 99% at byte speed: recognises, from a record's UTF-8 bytes and before any String or JSON object is
 * built, a record whose full decode is exactly one line of a program the caller's {@link ProgramFilter} passes
 * over (sshd, nginx, CRON: no OOM report line can come from them). Every input layout that carries a program
 * name in a fixed place is covered: RFC 3164 and journalctl short lines (with or without {@code <PRI>}), RFC 5424,
 * and JSON from rsyslog (omkafka templates), Fluent Bit and journald export.
 *
 * <p>For a filter that {@linkplain ProgramFilter#readsLines() reads lines} (the stream's), a plain one-line record of
 * a program that may matter (kernel, systemd) is ordinary too when the filter passes over its line: only the program
 * and the message are built for it (a JSON, RFC 5424 or stamp-less RFC 3164 record; the message read into its line as
 * {@link MessageLines} reads it, a kernel stamp at its start taken off), never the record's String, a JSON tree or
 * the header's fields. {@link BytesOrdinaryLine#ofProgramThatMayMatter()} then says so.
 *
 * <p>The rule is one-sided: {@link #scan} may say "ordinary" only where the full decode
 * ({@link SyslogDecoder#decode(String, Instant)}) gives exactly one line, without error, of such a program; in any
 * doubt it says nothing (null) and the full decode decides. So it only accepts:
 * <ul>
 *   <li>records of printable ASCII (JSON: ASCII without NUL) no longer than {@link SyslogDecoder#MAX_RECORD_CHARS}:
 *       no tab, no-break space, line end or leading {@code >}, so no paste repair, line join or learned prefix can
 *       apply (those start where a record has no layout of its own, and these have one), and the bytes read as the
 *       String would;</li>
 *   <li>a message that is one piece: no embedded newline or {@code #012}/{@code \012} escape, nothing a kernel
 *       stamp could start with at its start, no JSON escape but {@code \"}, {@code \/} and {@code \\};</li>
 *   <li>JSON that is one flat object of strings, numbers, booleans and nulls, valid as Jackson reads it (so an
 *       invalid record still goes to the dead letters), without duplicate fields that a decision reads.</li>
 * </ul>
 * The decoder state moves as the full decode would move it: the year of year-less stamps (resolved with the same
 * {@link YearResolver}), and the line an indented record would continue (RFC 3164 / journalctl lines only).
 * {@code OrdinaryBytesDifferentialTest} holds it to this over every fixture and generated corpus.
 */
public final class OrdinaryBytes {

    /** The layout an ordinary record was recognised in. */
    public enum Shape {
        RFC3164, JOURNALCTL, RFC5424, JSON_RSYSLOG, JSON_FLUENTBIT, JSON_JOURNALD;

        boolean isSyslog() {
            return this == RFC3164 || this == JOURNALCTL;
        }
    }

    private static final int MAX_PRI = 191;
    private static final int MAX_TAG_NAME = 128;
    private static final int MAX_PID_CHARS = 12;
    /** Jackson's default limit is 1,000 digits; a log's numbers are far shorter, longer ones go to the full decode. */
    private static final int MAX_NUMBER_BYTES = 100;

    private final YearResolver years;
    private final WallClock clock;
    private final JsonRecordParser json;
    /** Reused record by record (one scanner per decoder, one decoder per stream): no allocation per record. */
    private final Fields fields = new Fields();
    /** The header of the last line {@link #scanLine} declined for its program, for that line's full decode. */
    private final DeclinedHeader declined = new DeclinedHeader();

    OrdinaryBytes(final YearResolver years, final WallClock clock, final JsonRecordParser json) {
        this.years = years;
        this.clock = clock;
        this.json = json;
    }

    /**
     * The record as an ordinary line, with the year state moved as the full decode moves it; null, with nothing
     * changed, when it is anything else or when in doubt.
     */
    BytesOrdinaryLine scan(final byte[] b, final Instant reference, final ProgramFilter filter) {
        if (b == null || b.length == 0 || b.length > SyslogDecoder.MAX_RECORD_CHARS) {
            return null;
        }
        final byte first = b[0];
        if (first == '{') {
            // No separate ASCII pass: scanObject accepts only ASCII without NUL (every byte it passes is whitespace,
            // a structural character, a checked literal or number, or a string byte of at least 0x20, which a
            // negative, non-ASCII byte is not).
            return json(b, reference, filter);
        }
        if (!isPrintableAscii(b)) {
            return null;
        }
        if (isLetter(first)) {
            return rfc3164(b, 0, b.length, 0, false, reference, filter);
        }
        if (first == '<') {
            final int from = skipPri(b);
            if (from < 0 || from >= b.length) {
                return null;
            }
            if (b[from] == '1' && from + 1 < b.length && b[from + 1] == ' ') {
                // RFC 5424 is tried first by the full decode; "1 " cannot start a month name.
                return rfc5424(b, from, reference, filter);
            }
            return isLetter(b[from]) ? rfc3164(b, 0, b.length, from, false, reference, filter) : null;
        }
        return null;
    }

    /**
     * {@link #scan} of one line of a text file, still in the reader's buffer at {@code b[from, to)} (no line end in
     * it): a line that starts with a letter is read in place (RFC 3164 / journalctl short, the layouts of nearly every
     * line of a log file); one in any other layout the scan covers is copied out and scanned as a record, as the
     * decoder's text path does ({@code ordinaryBehindPriOrJson}). What the caller already knows of the bytes (the
     * line reader saw every one) is not looked at again: {@code printableAscii}, that they are printable ASCII;
     * {@code escapeFree}, that there is no {@code #} or backslash among them (so no {@code #012}-style escape).
     */
    BytesOrdinaryLine scanLine(final byte[] b, final int from, final int to, final boolean printableAscii,
                               final boolean escapeFree, final Instant reference, final ProgramFilter filter) {
        declined.clear();
        if (to <= from || to - from > SyslogDecoder.MAX_RECORD_CHARS || !printableAscii && !isPrintableAscii(b, from, to)) {
            return null;
        }
        final byte first = b[from];
        if (isLetter(first)) {
            return rfc3164(b, from, to, from, printableAscii && escapeFree, reference, filter);
        }
        return first == '<' || first == '{' ? scan(java.util.Arrays.copyOfRange(b, from, to), reference, filter) : null;
    }

    /** The header of the last line {@link #scanLine} declined for its program (a line of it, or none). */
    DeclinedHeader declined() {
        return declined;
    }

    /**
     * The time of an ordinary JSON or RFC 5424 record, read from the value at {@code b[from, to)} as the full decode
     * reads it (stateless: a year-less JSON time was read during the scan); null when there is none.
     */
    Instant timeOf(final byte[] b, final Shape shape, final int from, final int to, final boolean isString,
                   final Instant reference) {
        if (from < 0) {
            return null;
        }
        if (shape == Shape.RFC5424) {
            final IsoTimestamp stamp = IsoTimestamp.parse(new String(b, StandardCharsets.ISO_8859_1), from, clock, false);
            return stamp == null ? null : stamp.instant();
        }
        return json.timeOfValue(new String(b, from, to - from, StandardCharsets.ISO_8859_1), isString,
                shape == Shape.JSON_JOURNALD, reference);
    }

    /** The line a full (stateless) decode gives an ordinary JSON or RFC 5424 record: for the rare caller that asks. */
    LogLine fullLine(final byte[] b, final Instant reference) {
        final String text = new String(b, StandardCharsets.ISO_8859_1);
        if (b[0] == '{') {
            try {
                return new JsonRecordParser(new JsonTime(clock, new Rfc3164Parser(new YearResolver(null, clock))))
                        .parse(text, reference);
            } catch (final RejectedRecord e) {
                throw new IllegalStateException("an ordinary record no longer decodes: " + e.getMessage(), e);
            }
        }
        return new Rfc5424Parser(clock).parse(text, skipPri(b));
    }

    // ---- RFC 3164 / journalctl short ------------------------------------------------------------------------

    /**
     * {@link Rfc3164Parser#ordinary} over bytes: the same header scan, the same checks, the same year state change.
     * The record is {@code b[start, n)}, its header at {@code from} (after a PRI, if any); {@code escapeFree}: the
     * caller knows it holds no line end, {@code #} or backslash, so the message need not be searched for an escape.
     */
    private BytesOrdinaryLine rfc3164(final byte[] b, final int start, final int n, final int from,
                                      final boolean escapeFree, final Instant reference, final ProgramFilter filter) {
        final int month = monthAt(b, from, n);
        if (month == 0 || from + 3 >= n || b[from + 3] != ' ') {
            return null;
        }
        int i = from + 4;
        if (i < n && b[i] == ' ') {
            i++;
        }
        final int dayStart = i;
        int day = 0;
        while (i < n && i - dayStart < 2 && isDigit(b[i])) {
            day = day * 10 + (b[i] - '0');
            i++;
        }
        if (i == dayStart || i >= n || b[i] != ' ') {
            return null;
        }
        final boolean zeroPadded = i - dayStart == 2 && b[dayStart] == '0';
        i++;
        final int hour = digits(b, i, 2, n);
        final int minute = digits(b, i + 3, 2, n);
        final int second = digits(b, i + 6, 2, n);
        if (hour < 0 || minute < 0 || second < 0 || b[i + 2] != ':' || b[i + 5] != ':') {
            return null;
        }
        i += 8;
        int nanos = 0;
        if (i < n && b[i] == '.') {
            final int fractionStart = ++i;
            while (i < n && isDigit(b[i])) {
                if (i - fractionStart < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == fractionStart) {
                return null;
            }
            for (int k = Math.min(i - fractionStart, 9); k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n || b[i] != ' ') {
            return null;
        }
        i = skipSpaces(b, i, n);
        final int hostStart = i;
        while (i < n && b[i] != ' ') {
            i++;
        }
        if (i == hostStart || i >= n) {
            return null;
        }
        final int hostEnd = i;
        final int tagStart = skipSpaces(b, i, n);
        final int nameEnd = nameEnd(b, tagStart, n);
        final int message = tagEnd(b, tagStart, nameEnd, n);
        if (message < 0) {
            return null;
        }
        if (mayStartWithStamp(b, message, n) || !escapeFree && mayHoldEscapedNewline(b, message, n)) {
            // A kernel line with its stamp: decoded in full next, which takes the header read here.
            keepDeclined(b, start, n, from, month, day, hour, minute, second, nanos, zeroPadded, hostStart, hostEnd,
                    tagStart, nameEnd, message);
            return null;
        }
        final boolean programMayMatter = filter.mayMatter(b, tagStart, nameEnd);
        // Without a kernel stamp only: an indented next record continues this line with its stamp, which
        // BytesOrdinaryLine does not keep.
        if (programMayMatter && (!filter.readsLines() || !passedOver(name(b, tagStart, nameEnd), b, message, n, false,
                zeroPadded ? SourceFormat.JOURNALCTL : SourceFormat.RFC3164, filter))) {
            keepDeclined(b, start, n, from, month, day, hour, minute, second, nanos, zeroPadded, hostStart, hostEnd,
                    tagStart, nameEnd, message);
            return null;
        }
        final long epochSecond = years.resolveEpochSecond(month, day, hour, minute, second, nanos, reference);
        if (epochSecond == WallClock.NO_TIME) {
            return null;
        }
        final BytesOrdinaryLine line = BytesOrdinaryLine.syslog(b, start, n,
                zeroPadded ? Shape.JOURNALCTL : Shape.RFC3164, hostStart, hostEnd, tagStart, epochSecond, nanos);
        return programMayMatter ? line.passedOverByLine() : line;
    }

    /** Keeps the header of a line read whole and declined, for its full decode ({@link DeclinedHeader}). */
    private void keepDeclined(final byte[] b, final int start, final int n, final int from, final int month,
                              final int day, final int hour, final int minute, final int second, final int nanos,
                              final boolean zeroPadded, final int hostStart, final int hostEnd, final int tagStart,
                              final int nameEnd, final int message) {
        if (start == from) {
            declined.keep(b, start, n, month, day, hour, minute, second, nanos, zeroPadded);
            declined.places(hostStart, hostEnd, tagStart, nameEnd, message);
        }
    }

    /**
     * {@link SyslogTag#endAt} over bytes {@code b[.., n)}: where the message starts after a tag at {@code from} whose
     * name ends at {@code nameEnd} ({@link #nameEnd}), or -1.
     */
    private static int tagEnd(final byte[] b, final int from, final int nameEnd, final int n) {
        int i = nameEnd;
        if (i == from || i >= n || i - from > MAX_TAG_NAME) {
            return -1;
        }
        if (b[i] == '[') {
            final int limit = Math.min(n, i + 1 + MAX_PID_CHARS);
            int close = -1;
            for (int k = i + 1; k < limit; k++) {
                if (b[k] == ']') {
                    close = k;
                    break;
                }
            }
            if (close < 0) {
                return -1;
            }
            i = close + 1;
        }
        if (i >= n || b[i] != ':') {
            return -1;
        }
        i++;
        if (i < n && b[i] != ' ') {
            return -1;
        }
        return i < n ? i + 1 : i;
    }

    /** {@link SyslogTag#nameEnd} over bytes {@code b[.., n)}. */
    private static int nameEnd(final byte[] b, final int from, final int n) {
        int i = from;
        while (i < n && i - from <= MAX_TAG_NAME) {
            final byte c = b[i];
            if (c == ':' || c == '[' || c <= ' ') {
                break;
            }
            i++;
        }
        return i;
    }

    // ---- RFC 5424 -------------------------------------------------------------------------------------------

    /** {@link Rfc5424Parser#parse} over bytes, as far as the program (APP-NAME) and the message. */
    private BytesOrdinaryLine rfc5424(final byte[] b, final int from, final Instant reference,
                                      final ProgramFilter filter) {
        final int n = b.length;
        int i = from + 2;
        final int timeStart = i < n && b[i] == '-' ? -1 : i;
        if (i < n && b[i] == '-') {
            i++;
        } else {
            i = isoStampEnd(b, i);
            if (i < 0) {
                return null;
            }
        }
        int appStart = -1;
        int appEnd = -1;
        for (int field = 0; field < 4; field++) {
            if (i >= n || b[i] != ' ') {
                return null;
            }
            final int start = ++i;
            while (i < n && b[i] != ' ') {
                i++;
            }
            if (i == start) {
                return null;
            }
            if (field == 1) {
                appStart = start;
                appEnd = i;
            }
        }
        if (i >= n || b[i] != ' ') {
            return null;
        }
        i = skipStructuredData(b, i + 1);
        if (i < 0) {
            return null;
        }
        int message = n;
        if (i < n) {
            if (b[i] != ' ') {
                return null;
            }
            message = i + 1;
        }
        final boolean nilApp = appEnd - appStart == 1 && b[appStart] == '-';
        if (nilApp) {
            return null;
        }
        if (filter.mayMatter(b, appStart, appEnd)) {
            if (!filter.readsLines() || mayHoldEscapedNewline(b, message, n)
                    || !passedOver(name(b, appStart, appEnd), b, message, n, false, SourceFormat.RFC5424, filter)) {
                return null;
            }
            return BytesOrdinaryLine.json(b, Shape.RFC5424, this, reference, timeStart, -1, false).passedOverByLine();
        }
        if (mayStartWithStamp(b, message, n) || mayHoldEscapedNewline(b, message, n)) {
            return null;
        }
        return BytesOrdinaryLine.json(b, Shape.RFC5424, this, reference, timeStart, -1, false);
    }

    /** {@code Rfc5424Parser.skipStructuredData} over bytes. */
    private static int skipStructuredData(final byte[] b, final int from) {
        final int n = b.length;
        if (from < n && b[from] == '-') {
            return from + 1;
        }
        int i = from;
        if (i >= n || b[i] != '[') {
            return -1;
        }
        while (i < n && b[i] == '[') {
            i++;
            boolean quoted = false;
            while (i < n) {
                final byte c = b[i];
                if (quoted && c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    break;
                }
                i++;
            }
            if (i >= n) {
                return -1;
            }
            i++;
        }
        return i;
    }

    /**
     * The index after an {@link IsoTimestamp} (no space between date and time) at {@code from} that the full
     * decode accepts (a real date, valid offset), or -1.
     */
    private int isoStampEnd(final byte[] b, final int from) {
        final int n = b.length;
        if (from + 19 > n || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 13] != ':'
                || b[from + 16] != ':' || (b[from + 10] != 'T' && b[from + 10] != 't')) {
            return -1;
        }
        final int year = digits(b, from, 4);
        final int month = digits(b, from + 5, 2);
        final int day = digits(b, from + 8, 2);
        final int hour = digits(b, from + 11, 2);
        final int minute = digits(b, from + 14, 2);
        final int second = digits(b, from + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        int i = from + 19;
        int nanos = 0;
        if (i < n && (b[i] == '.' || b[i] == ',')) {
            final int fractionStart = ++i;
            while (i < n && isDigit(b[i])) {
                if (i - fractionStart < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == fractionStart) {
                return -1;
            }
        }
        if (i < n && (b[i] == 'Z' || b[i] == 'z')) {
            return realWithOffset(year, month, day, hour, minute, second) ? i + 1 : -1;
        }
        if (i < n && (b[i] == '+' || b[i] == '-')) {
            final int offsetHours = digits(b, i + 1, 2);
            if (offsetHours < 0 || offsetHours > 18) {
                return -1;
            }
            i += 3;
            int offsetMinutes = 0;
            if (i < n && b[i] == ':') {
                offsetMinutes = digits(b, i + 1, 2);
                i += 3;
            } else if (i + 1 < n && isDigit(b[i])) {
                offsetMinutes = digits(b, i, 2);
                i += 2;
            }
            if (offsetMinutes < 0 || offsetMinutes > 59) {
                return -1;
            }
            return realWithOffset(year, month, day, hour, minute, second) ? i : -1;
        }
        return clock.toEpochSecond(year, month, day, hour, minute, second, 0) == WallClock.NO_TIME ? -1 : i;
    }

    private static boolean realWithOffset(final int year, final int month, final int day, final int hour,
                                          final int minute, final int second) {
        return WallClock.dateOrNull(year, month, day) != null && hour <= 23 && minute <= 59 && second <= 60;
    }

    // ---- JSON -----------------------------------------------------------------------------------------------

    /** Field names the shape and line decisions of {@link JsonRecordParser} read, by slot. */
    private static final String[] FIELDS = {"MESSAGE", "__REALTIME_TIMESTAMP", "_BOOT_ID", "_HOSTNAME",
        "SYSLOG_IDENTIFIER", "_COMM", "ident", "msg", "message", "time", "@timestamp", "date", "timestamp",
        "programname", "app-name", "appname", "syslogtag", "syslog-tag", "hostname", "host"};
    private static final byte[][] FIELD_BYTES = new byte[FIELDS.length][];
    private static final int MESSAGE = 0;
    private static final int REALTIME = 1;
    private static final int BOOT_ID = 2;
    private static final int HOSTNAME_J = 3;
    private static final int SYSLOG_IDENTIFIER = 4;
    private static final int COMM = 5;
    private static final int IDENT = 6;
    private static final int MSG = 7;
    private static final int MESSAGE_L = 8;
    private static final int TIME = 9;
    private static final int AT_TIMESTAMP = 10;
    private static final int DATE = 11;
    private static final int TIMESTAMP = 12;
    private static final int PROGRAMNAME = 13;
    private static final int APP_NAME = 14;
    private static final int APPNAME = 15;

    /** Per name length, the slots of the names that long (a record's field names mostly match none). */
    private static final int[][] SLOTS_BY_LENGTH;

    /** Each field name's first eight bytes (fewer: zero above), and its last eight, as {@link #LONGS} reads them. */
    private static final long[] HEADS = new long[FIELDS.length];
    private static final long[] TAILS = new long[FIELDS.length];

    static {
        int longest = 0;
        for (int k = 0; k < FIELDS.length; k++) {
            FIELD_BYTES[k] = FIELDS[k].getBytes(StandardCharsets.US_ASCII);
            longest = Math.max(longest, FIELDS[k].length());
            final byte[] name = FIELD_BYTES[k];
            for (int i = 0; i < Math.min(Long.BYTES, name.length); i++) {
                HEADS[k] |= (name[i] & 0xffL) << (i * Byte.SIZE);
            }
            final int tail = Math.max(0, name.length - Long.BYTES);
            for (int i = tail; i < name.length; i++) {
                TAILS[k] |= (name[i] & 0xffL) << ((i - tail) * Byte.SIZE);
            }
        }
        SLOTS_BY_LENGTH = new int[longest + 1][];
        for (int len = 0; len <= longest; len++) {
            final int length = len;
            SLOTS_BY_LENGTH[len] = java.util.stream.IntStream.range(0, FIELDS.length)
                    .filter(k -> FIELDS[k].length() == length).toArray();
        }
    }

    /** Value types of a scanned field. */
    private static final byte ABSENT = 0;
    private static final byte STRING = 1;
    private static final byte NULL = 2;
    /** A number or boolean. */
    private static final byte SCALAR = 3;

    /** Where each scanned field's value stands (strings: inside the quotes), its type, and whether it has escapes. */
    private static final class Fields {
        final byte[] type = new byte[FIELDS.length];
        final int[] start = new int[FIELDS.length];
        final int[] end = new int[FIELDS.length];
        final boolean[] escaped = new boolean[FIELDS.length];
        /** An escape other than {@code \"}, {@code \/} or {@code \\}: it may stand for a newline or a stamp's bracket. */
        final boolean[] hardEscaped = new boolean[FIELDS.length];
        /**
         * A string value that {@link #mayHoldEscapedNewline} would flag ({@code #012}, {@code #011}, or an escaped
         * backslash before {@code 012} / {@code 011}), found during the scan instead of a second pass over it.
         */
        final boolean[] newlineEscape = new boolean[FIELDS.length];

        boolean has(final int slot) {
            return type[slot] != ABSENT;
        }

        /** {@code JsonFields.first}: the first slot present and not null, or -1. */
        int first(final int... slots) {
            for (final int s : slots) {
                if (type[s] == STRING || type[s] == SCALAR) {
                    return s;
                }
            }
            return -1;
        }
    }

    private BytesOrdinaryLine json(final byte[] b, final Instant reference, final ProgramFilter filter) {
        final Fields f = fields;
        java.util.Arrays.fill(f.type, ABSENT);
        if (!scanObject(b, f)) {
            return null;
        }
        final boolean journald = f.has(MESSAGE) || f.has(REALTIME) || f.has(BOOT_ID) || f.has(HOSTNAME_J)
                || f.has(SYSLOG_IDENTIFIER);
        if (journald) {
            if (f.first(REALTIME) < 0 && f.first(TIMESTAMP, AT_TIMESTAMP, DATE, TIME) >= 0) {
                return null; // a shipper's entry (Fluent Bit, Vector) timed by another field: the full decode reads it
            }
            final int program = f.first(SYSLOG_IDENTIFIER, COMM);
            final int verdict = verdict(b, f, program, f.has(MESSAGE) ? MESSAGE : -1, false, SourceFormat.JSON_JOURNALD,
                    filter);
            if (verdict == IN_DOUBT) {
                return null;
            }
            final BytesOrdinaryLine line = BytesOrdinaryLine.json(b, Shape.JSON_JOURNALD, this, reference,
                    f.has(REALTIME) && f.type[REALTIME] != NULL ? f.start[REALTIME] : -1, f.end[REALTIME],
                    f.type[REALTIME] == STRING);
            return verdict == PASSED_OVER ? line.passedOverByLine() : line;
        }
        final boolean fluentBit = f.has(IDENT) || (!f.has(MSG) && (f.has(TIME) || f.has(AT_TIMESTAMP) || f.has(DATE))
                && !f.has(TIMESTAMP));
        final Shape shape = fluentBit ? Shape.JSON_FLUENTBIT : Shape.JSON_RSYSLOG;
        final int program = fluentBit ? f.first(IDENT) : f.first(PROGRAMNAME, APP_NAME, APPNAME);
        final int message = fluentBit ? f.first(MESSAGE_L, MSG) : f.first(MSG, MESSAGE_L);
        final int verdict = verdict(b, f, program, message, !fluentBit,
                fluentBit ? SourceFormat.JSON_FLUENTBIT : SourceFormat.JSON_RSYSLOG, filter);
        if (verdict == IN_DOUBT) {
            return null;
        }
        final BytesOrdinaryLine line = jsonLine(b, f, shape, fluentBit, reference);
        return line == null || verdict != PASSED_OVER ? line : line.passedOverByLine();
    }

    /** The ordinary line of a flat JSON record of the Fluent Bit or rsyslog shape, its time read as the full decode does. */
    private BytesOrdinaryLine jsonLine(final byte[] b, final Fields f, final Shape shape, final boolean fluentBit,
                                       final Instant reference) {
        final int time = fluentBit ? f.first(TIME, AT_TIMESTAMP, DATE, TIMESTAMP) : f.first(TIMESTAMP, AT_TIMESTAMP, TIME);
        if (time >= 0 && f.type[time] == STRING && mayBeSyslogTime(b, f.start[time], f.end[time])) {
            if (f.escaped[time]) {
                return null;
            }
            // A year-less time moves the year state: read it now, as the full decode would.
            final Instant t = json.time(new String(b, f.start[time], f.end[time] - f.start[time],
                    StandardCharsets.ISO_8859_1), reference);
            return BytesOrdinaryLine.other(b, shape, this, reference, t, true);
        }
        if (time >= 0 && f.escaped[time]) {
            return BytesOrdinaryLine.other(b, shape, this, reference, null, false);
        }
        return BytesOrdinaryLine.json(b, shape, this, reference, time < 0 ? -1 : f.start[time],
                time < 0 ? -1 : f.end[time], time >= 0 && f.type[time] == STRING);
    }

    /** {@link #verdict}: the full decode decides. */
    private static final int IN_DOUBT = 0;
    /** {@link #verdict}: one plain line of a program the filter passes over. */
    private static final int ORDINARY = 1;
    /** {@link #verdict}: one line of a program that may matter, which the filter passes over as a line. */
    private static final int PASSED_OVER = 2;

    /**
     * Whether a flat JSON record is one ordinary line: its program field a plain string (not empty, not {@code -})
     * naming a program the filter passes over, with a plain message; or, for a filter that reads lines, naming one
     * that may matter, with a one-piece message whose line the filter passes over.
     */
    private static int verdict(final byte[] b, final Fields f, final int program, final int message,
                               final boolean dropSpace, final SourceFormat format, final ProgramFilter filter) {
        if (program < 0 || f.type[program] != STRING || f.hardEscaped[program]) {
            return IN_DOUBT;
        }
        final int from = f.start[program];
        final int to = f.end[program];
        // rsyslog writes "postfix\/smtpd": a name with escaped slashes is read as the full decode reads it.
        final String escapedName = f.escaped[program] ? unescape(b, from, to) : null;
        if (escapedName != null ? escapedName.isEmpty() || "-".equals(escapedName)
                : to == from || to - from == 1 && b[from] == '-') {
            return IN_DOUBT;
        }
        final boolean programMayMatter = escapedName != null
                ? filter.mayMatter(escapedName, 0, escapedName.length()) : filter.mayMatter(b, from, to);
        if (!programMayMatter) {
            return plainMessage(b, f, message, dropSpace) ? ORDINARY : IN_DOUBT;
        }
        if (!filter.readsLines() || message < 0 || f.type[message] != STRING || f.hardEscaped[message]
                || f.newlineEscape[message]) {
            return IN_DOUBT;
        }
        int start = f.start[message];
        if (dropSpace && start < f.end[message] && b[start] == ' ') {
            start++;
        }
        final String name = escapedName != null ? escapedName
                : new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        return passedOver(name, b, start, f.end[message], f.escaped[message], format, filter) ? PASSED_OVER : IN_DOUBT;
    }

    /**
     * A message {@code b[from, to)} (ASCII; JSON-escaped, with only {@code \"}, {@code \/} and {@code \\}, when
     * {@code escaped}) of {@code program}: true when it reads as exactly one line, as {@link MessageLines} reads it
     * in the full decode (a kernel stamp at its start taken off), that the filter passes over. Only what the filter
     * looks at is built: the program and the message.
     */
    private static boolean passedOver(final String program, final byte[] b, final int from, final int to,
                                      final boolean escaped, final SourceFormat format, final ProgramFilter filter) {
        final String message = escaped ? unescape(b, from, to) : new String(b, from, to - from,
                StandardCharsets.ISO_8859_1);
        final LineSink sink = new LineSink(2);
        MessageLines.expand(new LogLine(null, null, program, null, message, null, null, format), sink);
        return sink.size() == 1 && !sink.overflowed() && !filter.lineMayMatter(sink.last());
    }

    private static String name(final byte[] b, final int from, final int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A JSON string's content {@code b[from, to)} whose escapes are {@code \"}, {@code \/} and {@code \\} only. */
    private static String unescape(final byte[] b, final int from, final int to) {
        final byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            final byte c = b[i];
            if (c == '\\') {
                i++;
                out[n++] = b[i];
            } else {
                out[n++] = c;
            }
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * The message field is a plain string that {@link MessageLines} keeps as one line: no newline, {@code #012} or
     * {@code \012} in it, no kernel stamp at its start (after the one space rsyslog keeps, when {@code dropSpace}).
     * Escaped quotes, slashes and backslashes (an access log's {@code "GET /"}) decode to characters none of that
     * looks at; the raw scan still sees an escaped backslash before {@code 012}. Any other escape: in doubt.
     */
    private static boolean plainMessage(final byte[] b, final Fields f, final int slot, final boolean dropSpace) {
        if (slot < 0 || f.type[slot] != STRING || f.hardEscaped[slot]) {
            return false;
        }
        int from = f.start[slot];
        final int to = f.end[slot];
        if (dropSpace && from < to && b[from] == ' ') {
            from++;
        }
        return !mayStartWithStamp(b, from, to) && !f.newlineEscape[slot];
    }

    /** After leading spaces, a letter: a syslog-style time ({@code Mar  1 12:00:00}); digits never are. */
    private static boolean mayBeSyslogTime(final byte[] b, final int from, final int to) {
        int i = from;
        while (i < to && b[i] == ' ') {
            i++;
        }
        return i < to && !isDigit(b[i]) && b[i] != '-' && b[i] != '+' && b[i] != '.';
    }

    /**
     * Scans one flat JSON object (the whole record) into {@code f}; false when it is not one that Jackson reads
     * alike (invalid, nested, a duplicate of a read field, an escaped field name, an over-long number).
     */
    private static boolean scanObject(final byte[] b, final Fields f) {
        final int n = b.length;
        int i = skipWs(b, 1);
        if (i < n && b[i] == '}') {
            return skipWs(b, i + 1) == n;
        }
        while (true) {
            if (i >= n || b[i] != '"') {
                return false;
            }
            final int keyStart = i + 1;
            final int k = keyEnd(b, keyStart);
            if (k < 0) {
                return false;
            }
            final int slot = slot(b, keyStart, k);
            i = skipWs(b, k + 1);
            if (i >= n || b[i] != ':') {
                return false;
            }
            i = skipWs(b, i + 1);
            if (i >= n) {
                return false;
            }
            final int valueEnd;
            final byte type;
            final byte c = b[i];
            boolean escaped = false;
            boolean hardEscaped = false;
            boolean newline = false;
            int start = i;
            int end;
            if (c == '"') {
                start = i + 1;
                // The string's bytes eight at a time (one long), each word's marked bytes in turn: most words of a
                // message mark none, and an access log's many \" and \/ cost no new word each.
                int j = start;
                int next = start; // the first byte not yet read (an escape reads two or six)
                end = -1;
                while (end < 0) {
                    if (j + Long.BYTES > n) {
                        // The last few bytes of the record, one at a time (a string never ends a valid record).
                        if (next >= n) {
                            return false;
                        }
                        j = next;
                        final byte x = b[j];
                        if (x == '"') {
                            end = j;
                        } else if (x < 0x20) {
                            return false;
                        } else if (x == '\\') {
                            final int len = escapeLength(b, j);
                            if (len < 0) {
                                return false;
                            }
                            escaped = true;
                            hardEscaped |= len != 2 || !isPlainEscape(b[j + 1]);
                            newline |= b[j + 1] == '\\' && newlineEscapeAt(b, j + 1);
                            next = j + len;
                        } else {
                            newline |= x == '#' && newlineEscapeAt(b, j);
                            next = j + 1;
                        }
                        j = next;
                        continue;
                    }
                    long stops = stringStops((long) LONGS.get(b, j));
                    while (stops != 0) {
                        final int p = j + (Long.numberOfTrailingZeros(stops) >>> 3);
                        stops &= stops - 1;
                        if (p < next) {
                            continue; // read already as part of an escape
                        }
                        final byte x = b[p];
                        if (x == '"') {
                            end = p;
                            break;
                        }
                        if (x == '\\') {
                            escaped = true;
                            final byte e = p + 1 < n ? b[p + 1] : 0;
                            if (isPlainEscape(e)) {
                                // an access log's \" and \/: the common escapes, checked here; an escaped backslash
                                // before 012 is the escaped newline rsyslog writes for a control character
                                newline |= e == '\\' && newlineEscapeAt(b, p + 1);
                                next = p + 2;
                                continue;
                            }
                            final int len = escapeLength(b, p);
                            if (len < 0) {
                                return false;
                            }
                            hardEscaped = true;
                            next = p + len;
                        } else if (x == '#') {
                            newline |= newlineEscapeAt(b, p);
                            next = p + 1;
                        } else if (x < 0x20) {
                            return false; // a control byte or a non-ASCII one
                        }
                        // else a byte marked only by a borrow after a marked byte (a ']' after a backslash): nothing
                    }
                    j = Math.max(j + Long.BYTES, next);
                    next = j;
                }
                valueEnd = end + 1;
                type = STRING;
            } else if (c == 't' || c == 'f' || c == 'n') {
                final String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
                if (!literalAt(b, i, word)) {
                    return false;
                }
                end = i + word.length();
                valueEnd = end;
                type = c == 'n' ? NULL : SCALAR;
            } else if (c == '-' || isDigit(c)) {
                end = numberEnd(b, i);
                if (end < 0) {
                    return false;
                }
                valueEnd = end;
                type = SCALAR;
            } else {
                return false; // an object, an array, or not JSON: the full decode decides
            }
            if (slot >= 0) {
                if (f.type[slot] != ABSENT) {
                    return false;
                }
                f.type[slot] = type;
                f.start[slot] = start;
                f.end[slot] = end;
                f.escaped[slot] = escaped;
                f.hardEscaped[slot] = hardEscaped;
                f.newlineEscape[slot] = newline;
            }
            i = skipWs(b, valueEnd);
            if (i >= n) {
                return false;
            }
            if (b[i] == '}') {
                return skipWs(b, i + 1) == n;
            }
            if (b[i] != ',') {
                return false;
            }
            i = skipWs(b, i + 1);
        }
    }

    /** Eight bytes of a record as one long, the first in the lowest byte. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * In eight bytes of a JSON string, the bytes its scan must look at: a quote, a backslash, {@code #}, a control
     * byte or a non-ASCII one. A set high bit marks each; the lowest one marked is exact (the subtractions borrow
     * only from a byte that is marked itself, so only bytes above a marked one may be marked wrongly: a {@code ]}
     * right after a backslash, a space right after a control byte). A quote and {@code #} differ in their lowest bit
     * only: one test finds both.
     */
    private static long stringStops(final long w) {
        final long quoteOrHash = (w | ONES) ^ (ONES * '#');
        final long backslash = w ^ (ONES * '\\');
        return ((quoteOrHash - ONES) & ~quoteOrHash | (backslash - ONES) & ~backslash | (w - ONES * 0x20) | w) & HIGHS;
    }

    /** The escapes an access log is full of, which decode to characters no decision of the scan looks at. */
    private static boolean isPlainEscape(final byte e) {
        return e == '"' || e == '/' || e == '\\';
    }

    /**
     * The index of the quote that ends a field name starting at {@code from}, or -1 when the name has an escape, a
     * control or non-ASCII byte, or no end (the full decode decides).
     */
    private static int keyEnd(final byte[] b, final int from) {
        final int n = b.length;
        int j = from;
        while (j + Long.BYTES <= n) {
            long stops = stringStops((long) LONGS.get(b, j));
            while (stops != 0) {
                final int p = j + (Long.numberOfTrailingZeros(stops) >>> 3);
                if (b[p] == '"') {
                    return p;
                }
                if (b[p] != '#') {
                    return -1;
                }
                stops &= stops - 1;
            }
            j += Long.BYTES;
        }
        for (; j < n; j++) {
            final byte x = b[j];
            if (x == '"') {
                return j;
            }
            if (x == '\\' || x < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * {@link #mayHoldEscapedNewline}'s test at {@code i} ({@code #} or a backslash) inside a JSON string: the three
     * bytes after it are {@code 012} or {@code 011}, none a quote, so they lie inside the string as that test asks.
     */
    private static boolean newlineEscapeAt(final byte[] b, final int i) {
        return i + 3 < b.length && b[i + 1] == '0' && b[i + 2] == '1' && (b[i + 3] == '2' || b[i + 3] == '1');
    }

    /** Length of a valid JSON escape at {@code i} (the backslash), or -1. */
    private static int escapeLength(final byte[] b, final int i) {
        if (i + 1 >= b.length) {
            return -1;
        }
        switch (b[i + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
                return 2;
            case 'u':
                if (i + 5 >= b.length) {
                    return -1;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (Character.digit(b[k], 16) < 0) {
                        return -1;
                    }
                }
                return 6;
            default:
                return -1;
        }
    }

    /** The end of a JSON number at {@code i} as Jackson's defaults accept it (no leading zeros, no bare dot), or -1. */
    private static int numberEnd(final byte[] b, final int from) {
        final int n = b.length;
        int i = from;
        if (b[i] == '-') {
            i++;
        }
        if (i >= n || !isDigit(b[i])) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
            if (i < n && isDigit(b[i])) {
                return -1;
            }
        } else {
            while (i < n && isDigit(b[i])) {
                i++;
            }
        }
        if (i < n && b[i] == '.') {
            i++;
            final int d = i;
            while (i < n && isDigit(b[i])) {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            final int d = i;
            while (i < n && isDigit(b[i])) {
                i++;
            }
            if (i == d) {
                return -1;
            }
        }
        if (i - from > MAX_NUMBER_BYTES) {
            return -1;
        }
        // A number runs up to a separator: "12ab" is not valid JSON.
        return i < n && (b[i] == ',' || b[i] == '}' || isJsonWs(b[i])) ? i : -1;
    }

    private static boolean literalAt(final byte[] b, final int i, final String word) {
        if (i + word.length() > b.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        final int after = i + word.length();
        return after < b.length && (b[after] == ',' || b[after] == '}' || isJsonWs(b[after]));
    }

    /**
     * The slot of the field named {@code b[from, to)}, or -1: only the names of that length are compared, eight bytes
     * at a time (a name of up to 16 bytes in one or two longs).
     */
    private static int slot(final byte[] b, final int from, final int to) {
        final int len = to - from;
        if (len >= SLOTS_BY_LENGTH.length) {
            return -1;
        }
        final int[] candidates = SLOTS_BY_LENGTH[len];
        if (candidates.length == 0) {
            return -1;
        }
        if (from + Long.BYTES > b.length) {
            return slotByBytes(b, from, to, candidates);
        }
        final long head = len >= Long.BYTES ? (long) LONGS.get(b, from)
                : (long) LONGS.get(b, from) & (1L << (len * Byte.SIZE)) - 1;
        for (final int s : candidates) {
            if (HEADS[s] == head && (len <= Long.BYTES || restEquals(b, from, len, s))) {
                return s;
            }
        }
        return -1;
    }

    /** A name longer than eight bytes whose first eight equal field {@code s}'s: the rest compared. */
    private static boolean restEquals(final byte[] b, final int from, final int len, final int s) {
        if (len <= 2 * Long.BYTES) {
            return (long) LONGS.get(b, from + len - Long.BYTES) == TAILS[s];
        }
        final byte[] name = FIELD_BYTES[s];
        for (int k = Long.BYTES; k < len; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    /** {@link #slot} for a name too near the record's end to read eight bytes from its start. */
    private static int slotByBytes(final byte[] b, final int from, final int to, final int[] candidates) {
        final int len = to - from;
        for (final int s : candidates) {
            final byte[] name = FIELD_BYTES[s];
            int k = 0;
            while (k < len && b[from + k] == name[k]) {
                k++;
            }
            if (k == len) {
                return s;
            }
        }
        return -1;
    }

    private static int skipWs(final byte[] b, final int from) {
        int i = from;
        while (i < b.length && isJsonWs(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isJsonWs(final byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    /**
     * A message starting with what {@link KernelStamp#parseAt} may read as a stamp ({@code [}, padding, a digit):
     * the full decode would cut the stamp off. {@code [pool www]} or {@code [INFO]} is no stamp.
     */
    private static boolean mayStartWithStamp(final byte[] b, final int from, final int to) {
        if (from >= to || b[from] != '[') {
            return false;
        }
        int i = from + 1;
        while (i < to && b[i] == ' ') {
            i++;
        }
        return i >= to || isDigit(b[i]);
    }

    /**
     * {@link EscapedNewlines#mayContain} over {@code b[from, to)}: a newline or a {@code #012}-style escape. Eight
     * bytes at a time past those that cannot start one (it runs over the message of every ordinary text line).
     */
    private static boolean mayHoldEscapedNewline(final byte[] b, final int from, final int to) {
        int i = from;
        while (i < to) {
            while (i <= to - Long.BYTES && newlineOrEscapeStarts((long) LONGS.get(b, i)) == 0) {
                i += Long.BYTES;
            }
            // The word that stopped the loop (or the tail), byte by byte.
            final int stop = Math.min(to, i + Long.BYTES);
            for (; i < stop; i++) {
                final byte c = b[i];
                if (c == '\n') {
                    return true;
                }
                if ((c == '#' || c == '\\') && i + 3 < to && b[i + 1] == '0' && b[i + 2] == '1'
                        && (b[i + 3] == '2' || b[i + 3] == '1')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Non-zero when one of eight bytes is a newline, {@code #} or a backslash (exact as to whether one is). */
    private static long newlineOrEscapeStarts(final long w) {
        final long hash = w ^ (ONES * '#');
        final long backslash = w ^ (ONES * '\\');
        final long newline = w ^ (ONES * '\n');
        return ((hash - ONES) & ~hash | (backslash - ONES) & ~backslash | (newline - ONES) & ~newline) & HIGHS;
    }

    /** Index after {@code <0>}..{@code <191>}, or -1 (as the full decode's {@code skipPri}). */
    private static int skipPri(final byte[] b) {
        int value = 0;
        int i = 1;
        while (i < b.length && i <= 4 && isDigit(b[i])) {
            value = value * 10 + (b[i] - '0');
            i++;
        }
        if (i == 1 || i > 4 || i >= b.length || b[i] != '>' || value > MAX_PRI) {
            return -1;
        }
        return i + 1;
    }

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    /** {@link Months#monthAt} over ASCII bytes. */
    private static int monthAt(final byte[] b, final int i, final int n) {
        if (i + 3 > n) {
            return 0;
        }
        final int x = lower(b[i]);
        final int y = lower(b[i + 1]);
        final int z = lower(b[i + 2]);
        for (int k = 0; k < MONTHS.length(); k += 3) {
            if (MONTHS.charAt(k) == x && MONTHS.charAt(k + 1) == y && MONTHS.charAt(k + 2) == z) {
                return k / 3 + 1;
            }
        }
        return 0;
    }

    private static int lower(final byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static int digits(final byte[] b, final int from, final int count) {
        return digits(b, from, count, b.length);
    }

    /** {@code count} digits at {@code from}, all before {@code n}, as a number; -1 when they are not. */
    private static int digits(final byte[] b, final int from, final int count, final int n) {
        if (from < 0 || from + count > n) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (!isDigit(b[i])) {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static int skipSpaces(final byte[] b, final int from, final int n) {
        int i = from;
        while (i < n && b[i] == ' ') {
            i++;
        }
        return i;
    }

    private static boolean isDigit(final byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(final byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isPrintableAscii(final byte[] b) {
        return isPrintableAscii(b, 0, b.length);
    }

    private static boolean isPrintableAscii(final byte[] b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            final byte x = b[i];
            if (x < 0x20 || x == 0x7f) {
                return false;
            }
        }
        return true;
    }

}
