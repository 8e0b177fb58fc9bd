package io.oomstream.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An ordinary record recognised from its bytes by {@link OrdinaryBytes}: nothing of it was built. The host and time
 * are read from the bytes only if someone asks (the stream processor never does).
 */
public final class BytesOrdinaryLine implements OrdinaryLine {

    private final byte[] record;
    /** Where the record stands in {@code record}: all of it, or one line of a text file's buffer (RFC 3164 only). */
    private final int recordFrom;
    private final int recordTo;
    private final OrdinaryBytes.Shape shape;
    /** RFC 3164 / journalctl: where the host and the tag stand, and the time resolved during the scan. */
    private final int hostStart;
    private final int hostEnd;
    private final int tagStart;
    private final long epochSecond;
    private final int nanos;
    /** JSON and RFC 5424: how to read the whole line on demand (stateless), and the time resolved during the scan. */
    private final OrdinaryBytes source;
    private final Instant reference;
    private final Instant scannedTime;
    /** True when the scan read the time (a syslog-style JSON time moves the year state: it is read once, then). */
    private final boolean timeScanned;
    /** Where the time value stands for {@link OrdinaryBytes#timeOf} (-1: none), when not scanned. */
    private final int timeFrom;
    private final int timeTo;
    private final boolean timeIsString;
    private boolean timeRead;
    private Instant time;
    private LogLine full;
    /** True when its program may matter and the filter passed over its line ({@link #ofProgramThatMayMatter()}). */
    private boolean programMayMatter;

    private BytesOrdinaryLine(final byte[] record, final int recordFrom, final int recordTo,
                              final OrdinaryBytes.Shape shape, final int hostStart,
                              final int hostEnd, final int tagStart, final long epochSecond, final int nanos,
                              final OrdinaryBytes source, final Instant reference, final Instant scannedTime,
                              final boolean timeScanned, final int timeFrom, final int timeTo,
                              final boolean timeIsString) {
        this.record = record;
        this.recordFrom = recordFrom;
        this.recordTo = recordTo;
        this.shape = shape;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.tagStart = tagStart;
        this.epochSecond = epochSecond;
        this.nanos = nanos;
        this.source = source;
        this.reference = reference;
        this.scannedTime = scannedTime;
        this.timeScanned = timeScanned;
        this.timeFrom = timeFrom;
        this.timeTo = timeTo;
        this.timeIsString = timeIsString;
    }

    /** An RFC 3164 / journalctl record {@code record[from, to)}; the other positions index {@code record} too. */
    static BytesOrdinaryLine syslog(final byte[] record, final int from, final int to, final OrdinaryBytes.Shape shape,
                                    final int hostStart, final int hostEnd, final int tagStart, final long epochSecond,
                                    final int nanos) {
        return new BytesOrdinaryLine(record, from, to, shape, hostStart, hostEnd, tagStart, epochSecond, nanos, null,
                null, null, true, -1, -1, false);
    }

    static BytesOrdinaryLine other(final byte[] record, final OrdinaryBytes.Shape shape, final OrdinaryBytes source,
                                   final Instant reference, final Instant scannedTime, final boolean timeScanned) {
        return new BytesOrdinaryLine(record, 0, record.length, shape, -1, -1, -1, 0, 0, source, reference, scannedTime,
                timeScanned, -1, -1, false);
    }

    /** A JSON or RFC 5424 line whose time is read, when asked, from its value at {@code [timeFrom, timeTo)}. */
    static BytesOrdinaryLine json(final byte[] record, final OrdinaryBytes.Shape shape, final OrdinaryBytes source,
                                  final Instant reference, final int timeFrom, final int timeTo,
                                  final boolean timeIsString) {
        return new BytesOrdinaryLine(record, 0, record.length, shape, -1, -1, -1, 0, 0, source, reference, null, false,
                timeFrom, timeTo, timeIsString);
    }

    /** Marks a line whose program may matter but whose line the filter passed over; returns this line. */
    BytesOrdinaryLine passedOverByLine() {
        programMayMatter = true;
        return this;
    }

    @Override
    public boolean ofProgramThatMayMatter() {
        return programMayMatter;
    }

    /** The record's text (printable ASCII: its bytes are its chars), for the rare caller that needs it. */
    public String text() {
        return new String(record, recordFrom, recordTo - recordFrom, StandardCharsets.ISO_8859_1);
    }

    /** The record's length in bytes (and chars). */
    public int length() {
        return recordTo - recordFrom;
    }

    /** The layout the record was recognised in. */
    public OrdinaryBytes.Shape shape() {
        return shape;
    }

    @Override
    public String host() {
        return shape.isSyslog() ? new String(record, hostStart, hostEnd - hostStart, StandardCharsets.ISO_8859_1)
                : full().host();
    }

    @Override
    public boolean hasTime() {
        return shape.isSyslog() || time() != null;
    }

    @Override
    public long epochMillis() {
        if (shape.isSyslog()) {
            return epochSecond * 1_000L + nanos / 1_000_000;
        }
        return time().toEpochMilli();
    }

    private Instant time() {
        if (timeScanned) {
            return scannedTime;
        }
        if (!timeRead) {
            time = source.timeOf(record, shape, timeFrom, timeTo, timeIsString, reference);
            timeRead = true;
        }
        return time;
    }

    /** An RFC 3164 / journalctl line as {@link SyslogOrdinaryLine}, for an indented record that continues it. */
    SyslogOrdinaryLine toSyslogOrdinaryLine() {
        final SourceFormat format = shape == OrdinaryBytes.Shape.JOURNALCTL ? SourceFormat.JOURNALCTL
                : SourceFormat.RFC3164;
        return new SyslogOrdinaryLine(new String(record, recordFrom, recordTo - recordFrom, StandardCharsets.ISO_8859_1),
                hostStart - recordFrom, hostEnd - recordFrom, tagStart - recordFrom, epochSecond, nanos, format);
    }

    private LogLine full() {
        if (full == null) {
            full = source.fullLine(record, reference);
        }
        return full;
    }
}
