package io.oomstream.syslog;

import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Decodes one syslog record, in whatever layout it arrived, into the line model ({@link LogLine}).
 *
 * <p>Layouts are detected per record, by the first character and then hand-written prefix
 * scanning (no backtracking regex on the hot path): RFC 3164 (with or without {@code <PRI>},
 * kernel stamp or pid), journalctl short / short-precise / short-iso / short-monotonic and their
 * indented continuation lines, RFC 5424, ISO-8601 stamped files (rsyslog), dmesg (plain, -T, -x,
 * -r, printk caller), JSON (rsyslog omkafka, Fluent Bit, journald export), a header-less
 * {@code ident[pid]: } message, and, last, an OOM-report line behind an unknown prefix.
 *
 * <p>One record may yield several lines: embedded newlines ({@code \n}, {@code #012},
 * {@code \012}), dmesg lines glued together in a paste, or repeated {@code systemd[1]: } messages.
 *
 * <p>{@link #decode} never throws: anything undecodable comes back as {@link Decoded#error()}.
 * A record longer than {@link #MAX_RECORD_CHARS} is decoded from its first part only, and one
 * holding more than {@link #MAX_LINES_PER_RECORD} lines keeps only those; both are reported in
 * {@link Decoded#error()} next to the lines that were decoded.
 *
 * <p><b>Not thread-safe.</b> An instance holds the state of ONE input stream (one file, one
 * partition): the year of year-less stamps (so a log crossing New Year stays in order) and the
 * last line, which an indented journalctl/dmesg continuation line continues. Use one decoder per
 * stream; sharing one across streams mixes their years and continuations.
 */
public final class SyslogDecoder {

    /** Records longer than this (in chars) are decoded from their first {@value} chars only. */
    public static final int MAX_RECORD_CHARS = 1 << 20;
    /** No record holds more lines than this; a flood of escaped newlines is cut here. */
    public static final int MAX_LINES_PER_RECORD = 10_000;

    static final String NO_LAYOUT = "no syslog layout recognised";
    static final String TOO_LONG = "record longer than " + MAX_RECORD_CHARS + " chars: only the first "
            + MAX_RECORD_CHARS + " decoded";
    static final String TOO_MANY_LINES = "record holds more than " + MAX_LINES_PER_RECORD
            + " lines: the rest dropped";

    private static final int MAX_PRI = 191;

    private final Rfc3164Parser rfc3164;
    private final Rfc5424Parser rfc5424;
    private final IsoLineParser iso;
    private final DmesgIsoLine dmesgIso;
    private final DmesgParser dmesg;
    private final JsonRecordParser json;
    private final OrdinaryBytes ordinaryBytes;
    /** The decoder zone's wall clock (layouts that carry their year: OpenWrt's logread). */
    private final WallClock clock;
    /** The last line of the previous record if an indented line may continue it, else null. */
    private LogLine continuable;
    /** Or that line still unbuilt, when the previous record was an ordinary line (built only if continued). */
    private SyslogOrdinaryLine continuableOrdinary;
    /** Or that line still in the record's bytes ({@link OrdinaryBytes}): not even the record's String built. */
    private BytesOrdinaryLine continuableBytes;
    /** The prefix learned from this stream's last report line behind an unknown prefix, or null. */
    private LearnedPrefix learned;
    /** The indentation of a paste indented as a whole, learned from its lines. */
    private final IndentedHeader indentation = new IndentedHeader();
    /** True when the last record was read without a layout of its own (a continuation, a learned prefix) or not at all. */
    private boolean weak;
    private final RepairCounts repairs = new RepairCounts();
    /** The text of the line {@link #declinedLineText} was told of: printable ASCII, the next record's (see there). */
    private String vouchedLine;
    private boolean vouchedEscapeFree;
    /** The record being decoded when it is such a line without {@code #} or backslash, else null. */
    private String escapeFreeLine;

    /** What the decoder keeps between records, so a caller may try a record and take it back ({@link RecordJoiner}). */
    record State(LogLine continuable, SyslogOrdinaryLine continuableOrdinary, LearnedPrefix learned) {
    }

    /** A decoder with {@link DecoderOptions#defaults()}. */
    public SyslogDecoder() {
        this(DecoderOptions.defaults());
    }

    public SyslogDecoder(final DecoderOptions options) {
        final DecoderOptions o = options == null ? DecoderOptions.defaults() : options;
        this.clock = new WallClock(o.zone());
        final YearResolver years = new YearResolver(o.year(), clock);
        this.rfc3164 = new Rfc3164Parser(years);
        this.rfc5424 = new Rfc5424Parser(clock);
        this.iso = new IsoLineParser(clock);
        this.dmesgIso = new DmesgIsoLine(clock);
        this.dmesg = new DmesgParser(clock, repairs);
        this.json = new JsonRecordParser(new JsonTime(clock, rfc3164));
        this.ordinaryBytes = new OrdinaryBytes(years, clock, json);
    }

    /** How often each paste repair fired in this stream so far. */
    public RepairCounts repairs() {
        return repairs;
    }

    State snapshot() {
        return new State(continuable, continuableOrdinary(), learned);
    }

    void restore(final State state) {
        continuable = state.continuable();
        continuableOrdinary = state.continuableOrdinary();
        continuableBytes = null;
        learned = state.learned();
    }

    /** True when the last record had no layout of its own: it was read as a continuation or behind a learned prefix, or not at all. */
    boolean lastWasWeak() {
        return weak;
    }

    /** Decodes a record received now (see {@link #decode(String, Instant)}). */
    public Decoded decode(final String record) {
        return decode(record, null);
    }

    /**
     * Decodes one record.
     *
     * @param record        the record text, e.g. a Kafka record value or one line of a file
     * @param referenceTime when the record was received (e.g. the Kafka record timestamp); bounds the
     *                      year inferred for year-less stamps. Null means now.
     * @return the lines, or an error; never null, never throws
     */
    public Decoded decode(final String record, final Instant referenceTime) {
        return (Decoded) decode(record, referenceTime, ProgramFilter.EVERY_PROGRAM);
    }

    /**
     * Decodes one record, or, when it is plainly one line of a program {@code filter} passes over, only as far as
     * needed to know that ({@link OrdinaryLine}: its time and host; the message and the line are never built).
     * What the decoder keeps for later records (the year, the line an indented record continues) is the same
     * either way, and a full decode of such a record gives exactly one line, of that program.
     *
     * @param filter which programs' lines the caller looks at; {@link ProgramFilter#EVERY_PROGRAM} decodes all
     * @return {@link Decoded} as {@link #decode(String, Instant)} gives it, or an {@link OrdinaryLine}; never
     *         null, never throws
     */
    public DecodeResult decode(final String record, final Instant referenceTime, final ProgramFilter filter) {
        return decode(record, referenceTime, filter, false);
    }

    /**
     * {@link #decode(String, Instant, ProgramFilter)} of one line of text ({@link RecordJoiner}'s records: the lines
     * of a file as {@code readLine} gives them, or the lines of a record split at its newlines), which holds no
     * {@code '\n'} by what it is: the fast path of ordinary lines then does not look for one (a scan of every line).
     */
    DecodeResult decodeLine(final String line, final Instant referenceTime, final ProgramFilter filter) {
        assert line == null || line.indexOf('\n') < 0 : "a line of text holds no newline";
        return decode(line, referenceTime, filter, true);
    }

    private DecodeResult decode(final String record, final Instant referenceTime, final ProgramFilter filter,
                                final boolean oneLine) {
        try {
            return decodeRecord(record, referenceTime, filter, oneLine);
        } catch (final RuntimeException e) {
            // A bug must cost one record, not the stream thread.
            continueWith(null);
            return Decoded.failure("decoder failure: " + e.getClass().getSimpleName());
        }
    }

    /**
     * {@link #decode(String, Instant, ProgramFilter)} of a record's UTF-8 bytes (a Kafka record value). A record of
     * an ordinary program, in any layout with a program name in a fixed place, is recognised from its bytes
     * ({@link OrdinaryBytes}) without building its String, a JSON object or the line; anything else is decoded
     * from its String as before.
     */
    public DecodeResult decode(final byte[] utf8, final Instant referenceTime, final ProgramFilter filter) {
        if (filter != ProgramFilter.EVERY_PROGRAM) {
            try {
                final BytesOrdinaryLine ordinary = acceptOrdinaryBytes(ordinaryBytes.scan(utf8, referenceTime, filter));
                if (ordinary != null) {
                    return ordinary;
                }
            } catch (final RuntimeException e) {
                // Never expected; the full decode below then decides, as it would have.
            }
        }
        return decode(new String(utf8, StandardCharsets.UTF_8), referenceTime, filter);
    }

    /**
     * {@link #decodeLine} of a line of text still in bytes, {@code b[from, to)} of a file's buffer (no line end in it),
     * when its bytes show it ordinary ({@link OrdinaryBytes#scanLine}): the line, with the decoder's state moved as
     * {@code decodeLine} of its String moves it; its String is never built. Null, with nothing changed, for any other
     * line, which the caller then decodes as text.
     *
     * @param b the bytes; they must not change while the returned line or this decoder's state refers to them
     * @param printableAscii the caller has seen every byte and vouches they are printable ASCII
     * @param escapeFree     and that none is {@code #} or a backslash
     */
    BytesOrdinaryLine decodeOrdinaryLine(final byte[] b, final int from, final int to, final boolean printableAscii,
                                         final boolean escapeFree, final Instant referenceTime,
                                         final ProgramFilter filter) {
        if (filter == ProgramFilter.EVERY_PROGRAM) {
            return null;
        }
        try {
            return acceptOrdinaryBytes(ordinaryBytes.scanLine(b, from, to, printableAscii, escapeFree, referenceTime,
                    filter));
        } catch (final RuntimeException e) {
            return null; // never expected; the text path then decides, as it would have
        }
    }

    /**
     * The text of the line {@link #decodeOrdinaryLine} was last given, {@code b[from, to)}, all ASCII and copied char
     * for byte, which it declined; the line is decoded as text next. When it declined it for its program (a kernel or
     * systemd line) after reading its whole RFC 3164 header, the text's decode takes that header instead of scanning
     * it again; and it does not look for what the line reader vouched is not there: a terminal escape, a no-break
     * space or a tab (the line is printable ASCII), nor, when {@code escapeFree}, a {@code #012}-style escape.
     */
    void declinedLineText(final byte[] b, final int from, final int to, final String text, final boolean escapeFree) {
        final DeclinedHeader h = ordinaryBytes.declined();
        if (h.isOf(b, from, to) && text.length() == to - from) {
            rfc3164.takeHeader(text, h);
        }
        h.clear();
        vouchedLine = text;
        vouchedEscapeFree = escapeFree;
    }

    /**
     * A record read as text (a file line) that starts with a PRI or a brace: its chars are its bytes when it is all
     * ASCII, so {@link OrdinaryBytes} can vouch for it as for a Kafka record; a JSON tree is not built for an
     * ordinary line of a journald export or an rsyslog JSON file. Null when it cannot.
     */
    private BytesOrdinaryLine ordinaryBehindPriOrJson(final String record, final Instant reference,
                                                      final ProgramFilter filter) {
        final char first = record.charAt(0);
        if (first != '<' && first != '{' || record.length() > MAX_RECORD_CHARS) {
            return null;
        }
        for (int i = 0; i < record.length(); i++) {
            if (record.charAt(i) >= 0x80) {
                return null;
            }
        }
        return acceptOrdinaryBytes(ordinaryBytes.scan(record.getBytes(StandardCharsets.ISO_8859_1), reference,
                filter));
    }

    /** The decoder state after an ordinary record, as its full decode leaves it; returns {@code ordinary}. */
    private BytesOrdinaryLine acceptOrdinaryBytes(final BytesOrdinaryLine ordinary) {
        if (ordinary != null) {
            weak = false;
            continueWith(null);
            if (ordinary.shape().isSyslog()) {
                continuableBytes = ordinary;
            }
        }
        return ordinary;
    }

    /** @param oneLine the record is known to hold no {@code '\n'} ({@link #decodeLine}) */
    private DecodeResult decodeRecord(final String raw, final Instant reference, final ProgramFilter filter,
                                      final boolean oneLine) {
        weak = false;
        // Told of by the reader for this very String only (a record built otherwise, or repaired, is another String).
        final boolean printableAscii = raw != null && raw == vouchedLine;
        escapeFreeLine = printableAscii && vouchedEscapeFree ? raw : null;
        vouchedLine = null;
        if (raw == null || raw.isEmpty()) {
            return reject(NO_LAYOUT);
        }
        String record = raw;
        if (filter != ProgramFilter.EVERY_PROGRAM) {
            final SyslogOrdinaryLine ordinary = ordinary(record, reference, filter, oneLine);
            if (ordinary != null) {
                continuable = null;
                continuableOrdinary = ordinary;
                continuableBytes = null;
                return ordinary;
            }
            final BytesOrdinaryLine fromBytes = ordinaryBehindPriOrJson(record, reference, filter);
            if (fromBytes != null) {
                return fromBytes;
            }
        }
        if (!firstNonBlankIsBrace(record)) {
            // Without its line end once: each strip of a record that ends in one copies it.
            final String lines = oneLine ? null : stripLineEnd(record);
            if (lines != null && hasSeveralLines(lines)) {
                if (isLetter(record.charAt(0))) {
                    final Decoded verbose = verboseEntries(lines, reference);
                    if (verbose != null) {
                        return verbose;
                    }
                }
                if (record.charAt(0) == '_' && JournalExportEntries.isStart(record)) {
                    final List<String> entries = JournalExportEntries.toJson(lines.split("\r?\n", -1));
                    if (entries != null) {
                        return jsonEntries(entries, reference);
                    }
                }
                if (record.charAt(0) != ' ' && record.charAt(0) != '\t' || IndentedHeader.isIndentedPaste(record)) {
                    // Each line of a pasted block is repaired (and may be a quoted JSON record) on its own.
                    return decodeLines(lines, reference, false);
                }
            }
            record = PasteRepair.normalise(record, indentation, true, repairs, printableAscii);
            if (record.isEmpty()) {
                return reject(NO_LAYOUT);
            }
        }
        final boolean startsBlank = record.charAt(0) == ' ' || record.charAt(0) == '\t';
        if (startsBlank && (continuable != null || continuableOrdinary != null || continuableBytes != null)) {
            return continuation(record);
        }
        if (firstNonBlankIsBrace(record)) {
            return decodeJson(htmlUnescapedJson(record), reference);
        }
        final boolean cut = record.length() > MAX_RECORD_CHARS;
        final String text = stripLineEnd(cut ? cut(record, MAX_RECORD_CHARS) : record);
        if (text.length() < record.length() && record.indexOf('\r', text.length()) >= 0) {
            repairs.add(Repair.CR_STRIPPED);
        }
        if (text.isBlank()) {
            return reject(NO_LAYOUT);
        }
        final LineSink sink = new LineSink(MAX_LINES_PER_RECORD);
        if (!startsBlank && (decodeLayout(text, reference, sink, oneLine)
                || decodeBehindPrefix(text, reference, sink, oneLine))) {
            final LogLine last = sink.last();
            continueWith(isContinuable(last.format()) ? last : null);
            return finish(sink, cut);
        }
        continueWith(null);
        final LogLine fallback = withoutLayout(text);
        if (fallback == null) {
            return reject(NO_LAYOUT);
        }
        weak = true;
        sink.add(fallback);
        return finish(sink, cut);
    }

    LogLine continuable() {
        return continuable;
    }

    SyslogOrdinaryLine continuableOrdinary() {
        return continuableBytes != null ? continuableBytes.toSyslogOrdinaryLine() : continuableOrdinary;
    }

    /**
     * {@link #continuableOrdinary()} without building it: the {@link SyslogOrdinaryLine} or the still unbuilt
     * {@link BytesOrdinaryLine}, or null ({@link #built} makes it the former when a caller restores it).
     */
    OrdinaryLine continuableOrdinaryUnbuilt() {
        return continuableBytes != null ? continuableBytes : continuableOrdinary;
    }

    /** A line {@link #continuableOrdinaryUnbuilt()} gave, as {@link #continuableOrdinary()} would have given it. */
    static SyslogOrdinaryLine built(final OrdinaryLine unbuilt) {
        return unbuilt instanceof BytesOrdinaryLine b ? b.toSyslogOrdinaryLine() : (SyslogOrdinaryLine) unbuilt;
    }

    /** The prefix learned so far (compared by identity: a new one is a new object), or null. */
    LearnedPrefix learned() {
        return learned;
    }

    /**
     * A record decoded earlier to nothing, read again behind the prefix learned since (the lines of a source before
     * its first recognisable report line); null when it does not carry that prefix. The decoder's state is unchanged.
     */
    LogLine behindLearnedPrefix(final String record) {
        if (learned == null || record == null || record.isEmpty() || firstNonBlankIsBrace(record)) {
            return null;
        }
        final String text = stripLineEnd(PasteRepair.normalise(record, indentation, false, new RepairCounts()));
        if (text.isBlank() || text.length() > MAX_RECORD_CHARS) {
            return null;
        }
        return lineBehindLearned(text);
    }

    /**
     * A record no layout matched: a report line behind an unknown prefix (whose shape is then learned for the lines
     * around it), else a line carrying the learned prefix, else null.
     */
    private LogLine withoutLayout(final String text) {
        final UnknownPrefixFallback.Found found = UnknownPrefixFallback.locate(text);
        if (found != null) {
            final LearnedPrefix shape = LearnedPrefix.of(text, found.prefixEnd());
            if (shape != null) {
                learned = shape;
            }
            repairs.add(found.prefixEnd() == 0 ? Repair.BARE_LINE : Repair.LEARNED_PREFIX_LINE);
            return found.line();
        }
        return learned == null ? null : lineBehindLearned(text);
    }

    /** The line behind the learned prefix, or null when {@code text} does not carry it. */
    private LogLine lineBehindLearned(final String text) {
        final int from = learned.match(text);
        if (from < 0) {
            return null;
        }
        final LogLine line = UnknownPrefixFallback.behindPrefix(text, from);
        if (learned.isEmpty() && KernelGrammar.classify(line.message(), true).kind() == LineKind.OTHER) {
            // Without a prefix to recognise, only a grammar line is known to be a kernel line: prose or an elision
            // mark ("...") stays undecodable, so a task table it interrupts is not taken as whole.
            return null;
        }
        repairs.add(learned.isEmpty() ? Repair.BARE_LINE : Repair.LEARNED_PREFIX_LINE);
        return line;
    }

    /** A text record that carries more than one physical line (a paste posted as one record). */
    private static boolean hasSeveralLines(final String text) {
        final int nl = text.indexOf('\n');
        return nl >= 0 && nl < text.length() - 1;
    }

    /**
     * A text record carrying several lines, read as the lines of a file are read by {@code analyze}: each with its
     * own layout, repaired as a paste is ({@link RecordJoiner}: wrapped lines, lone stamps, grep separators,
     * quoting); a line with no layout of its own continues the line before it (its header, its kernel stamp),
     * which is how a multi-line message with a header only on its first line reads.
     */
    private Decoded decodeLines(final String text, final Instant reference, final boolean cut) {
        final LineSink sink = new LineSink(MAX_LINES_PER_RECORD);
        final LogLine[] previous = new LogLine[1];
        final RecordJoiner joiner = new RecordJoiner(this, ProgramFilter.EVERY_PROGRAM);
        final RecordJoiner.Sink out = (line, result) -> {
            if (sink.isFull()) {
                sink.markOverflowed();
                return;
            }
            final Decoded d = (Decoded) result;
            if (!d.lines().isEmpty()) {
                for (final LogLine l : d.lines()) {
                    sink.add(l);
                }
                previous[0] = d.lines().get(d.lines().size() - 1);
            } else if (previous[0] != null) {
                final String piece = stripLineEnd(line);
                MessageLines.expand(previous[0].withMessage(piece.strip(), previous[0].uptimeMicros()), sink);
                previous[0] = sink.last();
            }
        };
        int from = 0;
        while (from <= text.length()) {
            int nl = text.indexOf('\n', from);
            if (nl < 0) {
                nl = text.length();
            }
            String piece = text.substring(from, nl);
            if (!piece.isEmpty() && piece.charAt(piece.length() - 1) == '\r') {
                piece = piece.substring(0, piece.length() - 1);
                repairs.add(Repair.CR_STRIPPED);
            }
            if (!(nl == text.length() && piece.isEmpty())) {
                joiner.accept(piece, reference, out);
            }
            from = nl + 1;
        }
        joiner.finish(out);
        weak = false;
        if (sink.lines().isEmpty()) {
            return reject(NO_LAYOUT);
        }
        final LogLine last = sink.last();
        continueWith(isContinuable(last.format()) ? last : null);
        return finish(sink, cut);
    }

    /**
     * Tries the known text layouts; true when one matched (its lines are then in the sink). {@code oneLine}: the text
     * holds no {@code '\n'} ({@link #decodeLine}), nor then does any message taken out of it.
     */
    private boolean decodeLayout(final String text, final Instant reference, final LineSink sink,
                                 final boolean oneLine) {
        int from = 0;
        if (text.charAt(0) == '<') {
            from = skipPri(text);
            if (from < 0) {
                return false;
            }
            final LogLine structured = rfc5424.parse(text, from);
            if (structured != null) {
                MessageLines.expand(structured, sink, oneLine);
                return true;
            }
            if (from >= text.length()) {
                return false;
            }
        }
        final char c = text.charAt(from);
        LogLine framed = null;
        if (c == '[') {
            framed = dmesg.parse(text, from);
            if (framed == null) {
                final String withoutDelta = DmesgDeltaStamp.without(text, from);
                if (withoutDelta != null) {
                    framed = dmesg.parse(withoutDelta, from);
                }
            }
            if (framed == null) {
                framed = DmesgRelTime.parse(text, from);
            }
        } else if (c >= '0' && c <= '9') {
            framed = dmesgIso.parse(text, from);
            if (framed == null) {
                framed = iso.parse(text, from);
            }
            if (framed == null) {
                final String shortUnix = ShortUnixStamp.asIso(text, from);
                framed = shortUnix == null ? null : iso.parse(shortUnix, from);
            }
        } else if (isLetter(c)) {
            framed = rfc3164.parse(text, from, reference);
            if (framed != null && text == escapeFreeLine) {
                // The line as the reader vouched for it: its message holds no newline and no escape of one.
                MessageLines.expandEscapeFree(framed, sink);
                return true;
            }
            if (framed == null) { // a weekday, not a month, heads a logread line: RFC 3164 never frames one
                framed = LogreadLine.parse(text, from, clock);
            }
            if (framed == null) { // syslogd's own "last message repeated N times": no tag
                framed = SyslogdNotice.parse(text, from, rfc3164, reference);
            }
            if (framed == null) {
                final String busybox = FacilityLevelField.without(text, from);
                if (busybox != null) {
                    framed = rfc3164.parse(busybox, from, reference);
                }
            }
            if (framed == null) {
                final String shortFull = ShortFullStamp.asIso(text, from);
                if (shortFull != null) {
                    framed = iso.parse(shortFull, from);
                }
            }
            if (framed == null) {
                framed = dmesg.parse(text, from);
            }
            if (framed == null) {
                final List<LogLine> bare = BareTagParser.parse(text, from);
                if (bare != null) {
                    for (final LogLine line : bare) {
                        MessageLines.expand(line, sink, oneLine);
                    }
                    return true;
                }
            }
        }
        if (framed == null) {
            return false;
        }
        MessageLines.expand(framed, sink, oneLine);
        return true;
    }

    /**
     * A whole syslog line behind a tool's prefix ({@link HeaderBehindPrefix}): taken when it decodes with its host and
     * time, else the next header further on is tried. Nothing of the prefix is kept.
     */
    private boolean decodeBehindPrefix(final String text, final Instant reference, final LineSink sink,
                                       final boolean oneLine) {
        if (text.charAt(0) == '<') {
            return false; // a PRI out of range is a malformed record, refused as before; no tool prints one
        }
        for (int at = HeaderBehindPrefix.next(text, 1); at > 0; at = HeaderBehindPrefix.next(text, at + 1)) {
            final String line = HeaderBehindPrefix.lineAt(text, at);
            final LineSink found = new LineSink(MAX_LINES_PER_RECORD);
            if (!line.isBlank() && decodeLayout(line, reference, found, oneLine) && found.last().host() != null
                    && found.last().time() != null) {
                for (final LogLine l : found.lines()) {
                    sink.add(l);
                }
                repairs.add(Repair.TOOL_PREFIX_SKIPPED);
                return true;
            }
        }
        return false;
    }

    /**
     * The fast path: a record that takes {@link #decodeLayout}'s RFC 3164 branch as it stands (it starts with a
     * letter, is not cut and has no line end to strip) and that {@link Rfc3164Parser#ordinary} recognises.
     */
    private SyslogOrdinaryLine ordinary(final String record, final Instant reference, final ProgramFilter filter,
                                       final boolean oneLine) {
        final char last = record.charAt(record.length() - 1);
        if (!isLetter(record.charAt(0)) || record.length() > MAX_RECORD_CHARS || last == '\r'
                || last == '\n') {
            return null;
        }
        return rfc3164.ordinary(record, 0, reference, filter, oneLine);
    }

    /**
     * {@link Character#isLetter(char)}, answered without its table lookup for ASCII (a month name starts nearly every
     * line): below 0x80 the letters are exactly A-Z and a-z, which setting bit 0x20 folds onto a-z.
     */
    static boolean isLetter(final char c) {
        if (c < 0x80) {
            final int lower = c | 0x20;
            return lower >= 'a' && lower <= 'z';
        }
        return Character.isLetter(c);
    }

    /** Sets the line an indented next record would continue (null: none). */
    private void continueWith(final LogLine line) {
        continuable = line;
        continuableOrdinary = null;
        continuableBytes = null;
    }

    /**
     * A JSON record copied from an HTML source ({@code {&quot;host&quot;:...}}): every quote escaped, none raw, which
     * no JSON document is otherwise (its names are quoted). Read as written ({@link HtmlEntities}), the repair counted;
     * any other record is returned as it is.
     */
    private String htmlUnescapedJson(final String record) {
        if (record.indexOf('"') >= 0 || !record.contains("&quot;")) {
            return record;
        }
        final String unescaped = HtmlEntities.decode(record);
        if (unescaped != record) {
            repairs.add(Repair.HTML_ENTITIES_DECODED);
        }
        return unescaped;
    }

    private Decoded decodeJson(final String record, final Instant reference) {
        continueWith(null);
        LogLine framed;
        try {
            final JsonRecordParser.Parsed parsed = json.parseRecord(record, reference);
            if (parsed.events() != null) {
                return decodeEvents(parsed.events(), reference);
            }
            framed = parsed.line();
            if (!parsed.namesProgram()) {
                final Decoded whole = wholeLineInMessage(framed, reference);
                if (whole != null) {
                    return whole;
                }
            }
        } catch (final RejectedRecord e) {
            return Decoded.failure(e.getMessage());
        }
        // Jackson reads the whole document (linear, bounded by its own limits); only the message is capped.
        final boolean cut = framed.message().length() > MAX_RECORD_CHARS;
        if (cut) {
            framed = framed.withMessage(cut(framed.message(), MAX_RECORD_CHARS), framed.uptimeMicros());
        }
        final LineSink sink = new LineSink(MAX_LINES_PER_RECORD);
        MessageLines.expand(framed, sink);
        return finish(sink, cut);
    }

    /**
     * {@code journalctl -o verbose} entries sent as one record ({@link JournalVerboseEntry}): each read as its
     * {@code journalctl -o json} object. Null when the record holds a line that is neither an entry's header nor one
     * of its fields: it is then read as any text of several lines.
     */
    private Decoded verboseEntries(final String text, final Instant reference) {
        final String[] lines = text.split("\r?\n", -1);
        if (!JournalVerboseEntry.isHeader(lines[0])) {
            return null;
        }
        final List<String> entries = new java.util.ArrayList<>();
        String header = null;
        final List<String> fields = new java.util.ArrayList<>();
        for (final String line : lines) {
            if (JournalVerboseEntry.isEntryLine(line)) {
                fields.add(line);
            } else if (JournalVerboseEntry.isHeader(line)) {
                if (header != null) {
                    entries.add(JournalVerboseEntry.toJson(header, fields));
                }
                header = line;
                fields.clear();
            } else if (!line.isBlank()) {
                return null;
            }
        }
        entries.add(JournalVerboseEntry.toJson(header, fields));
        return jsonEntries(entries, reference);
    }

    /** Journal entries carried in one record, each read as its {@code journalctl -o json} object. */
    private Decoded jsonEntries(final List<String> entries, final Instant reference) {
        final LineSink sink = new LineSink(MAX_LINES_PER_RECORD);
        String error = null;
        for (final String entry : entries) {
            final Decoded d = decodeJson(entry, reference);
            d.lines().forEach(sink::add);
            error = error != null ? error : d.error();
        }
        return finishWithError(sink, error);
    }

    /**
     * A record of several log events ({@link LogStoreRecords}), each read as a record of its own would be: a whole
     * syslog line as that line, else the message with the event's time. No event continues another.
     */
    private Decoded decodeEvents(final List<JsonRecordParser.Parsed> events, final Instant reference) {
        final LineSink sink = new LineSink(MAX_LINES_PER_RECORD);
        String error = null;
        for (final JsonRecordParser.Parsed event : events) {
            LogLine framed = event.line();
            final Decoded whole = event.namesProgram() ? null : wholeLineInMessage(framed, reference);
            if (whole != null) {
                whole.lines().forEach(sink::add);
                error = error != null ? error : whole.error();
                continue;
            }
            if (framed.message().length() > MAX_RECORD_CHARS) {
                framed = framed.withMessage(cut(framed.message(), MAX_RECORD_CHARS), framed.uptimeMicros());
                error = TOO_LONG;
            }
            MessageLines.expand(framed, sink);
        }
        continueWith(null);
        return finishWithError(sink, error);
    }

    /** The lines of a record of several entries, with the first error one of its entries met (null: none). */
    private Decoded finishWithError(final LineSink sink, final String error) {
        final Decoded done = finish(sink, false);
        return error != null && done.error() == null ? new Decoded(done.lines(), error) : done;
    }

    /**
     * A shipper that does not parse (Filebeat's log and filestream inputs, Fluent Bit's tail, Vector's file source,
     * Logstash's file input) sends each line of a log file whole in its message, and names no program. When the
     * message starts with a header that shows a time, it is read as that line of text is read from a file. The line's
     * host, time, program and pid win over the record's: they are what the host that logged wrote, while the record's
     * are the shipper's ({@code host.name} is the machine that read the file, a central syslog server's for every
     * host it collects; {@code @timestamp} is when the line was read, hours late for a backlog read after a restart).
     * The record fills only what the line does not show (the host of a {@code dmesg -T} line, the boot id), and its
     * time anchors the year of a year-less stamp. Null when the message is no such line: it is then the message.
     */
    private Decoded wholeLineInMessage(final LogLine framed, final Instant reference) {
        final String message = stripLineEnd(framed.message());
        if (message.isEmpty() || message.length() > MAX_RECORD_CHARS || !isHeaderStart(message.charAt(0))) {
            return null;
        }
        final Instant anchor = framed.time() != null ? framed.time() : reference;
        final int newline = message.indexOf('\n');
        final LineSink first = new LineSink(MAX_LINES_PER_RECORD);
        if (!decodeLayout(newline < 0 ? message : message.substring(0, newline), anchor, first, true)
                || first.lines().get(0).time() == null) {
            return null;
        }
        final Decoded read = newline < 0 ? finish(first, false) : decodeLines(message, anchor, false);
        continueWith(null);
        final List<LogLine> lines = new java.util.ArrayList<>(read.lines().size());
        for (final LogLine l : read.lines()) {
            lines.add(l.host() != null && (l.bootId() != null || framed.bootId() == null) ? l
                    : new LogLine(l.host() != null ? l.host() : framed.host(), l.time(), l.program(), l.pid(),
                            l.message(), l.uptimeMicros(), l.bootId() != null ? l.bootId() : framed.bootId(), l.format()));
        }
        return new Decoded(lines, read.error());
    }

    /** A character a syslog line's header may start with: a PRI, a dmesg bracket, a date's digit or a month's letter. */
    private static boolean isHeaderStart(final char c) {
        return c == '<' || c == '[' || KernelStamp.isDigit(c) || isLetter(c);
    }

    /**
     * An indented line after a journalctl / dmesg line belongs to the same record (journalctl
     * indents the continuation lines of a multi-line message to the message column, util-linux
     * dmesg likewise): same header, message = the text without the indentation. A blank one is an
     * empty line of that record (kernel reports contain blank lines).
     */
    private Decoded continuation(final String record) {
        final boolean cut = record.length() > MAX_RECORD_CHARS;
        final String text = cut ? cut(record, MAX_RECORD_CHARS) : record;
        final LogLine previous = continuable != null ? continuable
                : (continuableOrdinary != null ? continuableOrdinary : continuableBytes.toSyslogOrdinaryLine()).toLogLine();
        final SourceFormat format = previous.format() == SourceFormat.DMESG ? SourceFormat.DMESG
                : SourceFormat.JOURNALCTL;
        final LogLine line = new LogLine(previous.host(), previous.time(), previous.program(), previous.pid(),
                text.strip(), previous.uptimeMicros(), previous.bootId(), format);
        continueWith(line);
        weak = true;
        return new Decoded(List.of(line), cut ? TOO_LONG : null);
    }

    private Decoded reject(final String reason) {
        continueWith(null);
        weak = true;
        return Decoded.failure(reason);
    }

    private static Decoded finish(final LineSink sink, final boolean cut) {
        final String error = cut ? TOO_LONG : sink.overflowed() ? TOO_MANY_LINES : null;
        return new Decoded(sink.lines(), error);
    }

    /** Only line-oriented text layouts have indented continuation lines. */
    private static boolean isContinuable(final SourceFormat format) {
        return format == SourceFormat.RFC3164 || format == SourceFormat.JOURNALCTL
                || format == SourceFormat.ISO8601 || format == SourceFormat.DMESG;
    }

    /** Index after {@code <0>}..{@code <191>}, or -1. */
    private static int skipPri(final String s) {
        int value = 0;
        int i = 1;
        while (i < s.length() && i <= 4 && KernelStamp.isDigit(s.charAt(i))) {
            value = value * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == 1 || i > 4 || i >= s.length() || s.charAt(i) != '>' || value > MAX_PRI) {
            return -1;
        }
        return i + 1;
    }

    /**
     * Whether the record opens a JSON object. A brace right before a letter opens none (an object's names are quoted):
     * it is wiki markup around a paste, Jira's or Confluence's {@code {noformat}} or {@code {code:bash}}, and the
     * record is text. Read as JSON, a Jira comment of two allocation failures (Seagate/cortx-prvsnr#5465) was
     * dead-lettered whole as invalid JSON in the stream.
     */
    private static boolean firstNonBlankIsBrace(final String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' && !(i + 1 < s.length() && isLetter(s.charAt(i + 1)));
            }
        }
        return false;
    }

    /** Drops the line terminator a file reader or producer may have left ({@code \r}, {@code \n}). */
    private static String stripLineEnd(final String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** The first {@code max} chars, not splitting a surrogate pair. */
    private static String cut(final String s, final int max) {
        final int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
