package io.oomstream.syslog;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Decodes a sequence of records (the lines of a file, or the lines of one record that carries several) and undoes
 * what a paste did across lines, holding back one record to see the next:
 * <ul>
 *   <li>a hard-wrapped or format=flowed line (even cut mid-word or mid-number) is joined with its continuation,
 *       but only when the continuation does not start a record of its own, does not parse on its own, and the
 *       joined text completes a grammar line or a task-table row that the first part alone did not;</li>
 *   <li>a kernel stamp alone on its line is joined with the message on the next line;</li>
 *   <li>a {@code --} separator of {@code grep -A/-B/-C} output is skipped, so it neither counts as undecodable
 *       nor breaks a task table;</li>
 *   <li>a line that only opens or closes a pasted block (a Markdown or Jira fence) is skipped, counted as a
 *       repair, and ends a wrapped line;</li>
 *   <li>a blank line is skipped (a double-spaced paste has one after every line), counted as a repair, not as an
 *       undecodable record; it ends a wrapped line all the same.</li>
 * </ul>
 * Two lines that each parse on their own are never joined. Every repair is counted in the decoder's
 * {@link SyslogDecoder#repairs()}. Not thread-safe; one per decoder.
 */
public final class RecordJoiner {

    /**
     * Receives each record, once final, with what it decoded to: the record's text, or null for a line given as
     * bytes ({@link #acceptLine}) that the decoder read as an ordinary line without building its text.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(String record, DecodeResult result);
    }

    /**
     * A line shorter than this was not wrapped: wrapping tools cut at 72 to 80 columns, and a word-wrapped line is
     * at most one word shorter. It also keeps prose from being glued to the end of a short report line.
     */
    static final int MIN_WRAPPED_CHARS = 40;
    /** A joined record longer than this is not a wrapped printk line (printk lines stay below 1 kB). */
    static final int MAX_JOINED_CHARS = 2048;
    /** Pastes are wrapped at 72 to 80 columns; a line longer than this was not wrapped. */
    static final int MAX_WRAP_WIDTH = 100;

    /** Joins, all of lines of one length (or all at soft breaks), that say how a text is wrapped. */
    static final int MIN_JOINS_FOR_HARD_WRAP = 3;

    /**
     * Kinds whose rule reads only the head of a line, so that the rest of a row cut by a terminal adds no field: no
     * grammar line ({@code OTHER}) and a call-trace frame ({@code STACK}).
     */
    static final Set<LineKind> ROWS_READ_BY_THEIR_HEAD = EnumSet.of(LineKind.OTHER, LineKind.STACK);

    /** Undecodable records held back at most, waiting for a prefix to be learned after them. */
    static final int MAX_WAITING = 64;

    private final SyslogDecoder decoder;
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    private LearnedPrefix learnedBeforeWaiting;
    /**
     * The widest record of at most {@link #MAX_WRAP_WIDTH} chars with a blank inside it: the wrap width, if the text
     * is wrapped. A piece without one may be a single word longer than the width, which a word wrap or a
     * format=flowed soft break leaves whole (a cgroup path, a container id): it says nothing of the width.
     */
    private int widestShortLine;
    /**
     * The widest record seen: a terminal's width, when a paste was copied from a terminal that wraps long lines
     * (at 120 to 250 columns, wider than any mail or editor wrap), where every cut line is this wide.
     */
    private int widestRecord;
    /** Records seen, and those wider than {@link #MAX_WRAP_WIDTH}: in a wrapped text there are (nearly) none. */
    private long records;
    private long longRecords;
    /** Records ending with a blank: a format=flowed text's soft breaks. */
    private long endsBlankRecords;
    /**
     * How many lines of each length were joined with the next: compared with the wrap width known by now (not the
     * one known when they were joined), they tell a hard wrap (every cut line as wide as the width) from a word wrap.
     */
    private final int[] joinedLengths = new int[MAX_WRAP_WIDTH + 1];
    private int joins;
    /** Joins of lines that ended with a blank (format=flowed's soft break). */
    private int softJoins;
    private final ProgramFilter filter;
    /** The last line passed on (read only when a task row is joined: the row's table before it). */
    private LogLine lastEmitted;
    private String pendingRecord;
    /** The last physical line of the held record (the whole record unless lines were joined into it). */
    private String pendingPiece;
    /** The held record when it is a line given as bytes: its text is built only if a repair needs it. */
    private BytesOrdinaryLine pendingBytes;
    private DecodeResult pendingResult;
    /**
     * The decoder's state before the held record (what {@link SyslogDecoder#snapshot()} would hold; the ordinary
     * line still unbuilt, {@link SyslogDecoder#continuableOrdinaryUnbuilt()}).
     */
    private LogLine pendingContinuable;
    private OrdinaryLine pendingOrdinary;
    private LearnedPrefix pendingLearned;

    public RecordJoiner(final SyslogDecoder decoder, final ProgramFilter filter) {
        this.decoder = decoder;
        this.filter = filter;
    }

    /** Decodes the next record; the one before it goes to {@code out} once it is known not to continue. */
    public void accept(final String record, final Instant reference, final Sink out) {
        if (isGrepSeparator(record)) {
            decoder.repairs().add(Repair.GREP_SEPARATOR_SKIPPED);
            return;
        }
        if (CodeFences.isFenceLine(record)) {
            // A pasted block's fence: no log line, and never the rest of the line before it (the widest line of a
            // paste, a kill line, would take a closing fence for its wrapped end). It ends a wrap as a blank does.
            decoder.repairs().add(Repair.FENCE_LINE_SKIPPED);
            release(out);
            decoder.decodeLine("", reference, filter);
            return;
        }
        records++;
        widestRecord = Math.max(widestRecord, record.length());
        if (!record.isEmpty() && record.charAt(record.length() - 1) == ' ') {
            endsBlankRecords++;
        }
        if (record.length() <= MAX_WRAP_WIDTH) {
            if (record.length() > widestShortLine && hasInnerBlank(record)) {
                widestShortLine = record.length();
            }
        } else {
            longRecords++;
        }
        if (record.isBlank()) {
            // Nothing to decode; the held record goes out as it is (no wrap spans a blank line), and the decoder
            // forgets the line an indented next record would continue, as after any record without a layout.
            decoder.repairs().add(Repair.BLANK_LINE_SKIPPED);
            release(out);
            decoder.decodeLine("", reference, filter);
            return;
        }
        // The decoder's state before this record, kept field by field: a State object per record would cost an
        // allocation on every line of a fleet log, for the rare record that is joined.
        final LogLine beforeContinuable = decoder.continuable();
        final OrdinaryLine beforeOrdinary = decoder.continuableOrdinaryUnbuilt();
        final LearnedPrefix beforeLearned = decoder.learned();
        final DecodeResult result = decoder.decodeLine(record, reference, filter);
        if (!decoder.lastWasWeak() && waiting.isEmpty() && pendingResult != null && !isEmptyDecode(pendingResult)) {
            // The common record (a known layout matched): it continues nothing, so the held one goes out as it is,
            // without the checks a repair needs.
            if (pendingResult instanceof Decoded held) {
                lastEmitted = held.lines().get(held.lines().size() - 1);
            }
            out.accept(pendingRecord, pendingResult);
            hold(record, result, beforeContinuable, beforeOrdinary, beforeLearned);
            return;
        }
        heldAsText();
        if (pendingRecord != null && mayContinue(result) && join(record, reference)) {
            return;
        }
        if (continuesOrdinaryLine(result, record)) {
            // The rest of a wrapped line of a program that does not matter: part of that line, not a gap.
            decoder.repairs().add(Repair.LINE_UNWRAPPED);
            pendingRecord = endsOrStartsBlank(pendingRecord, record) ? pendingRecord + record : pendingRecord + " " + record;
            pendingPiece = record;
            return;
        }
        release(out);
        hold(record, result, beforeContinuable, beforeOrdinary, beforeLearned);
    }

    /**
     * {@link #accept} of a line of text still in bytes, {@code b[from, to)} (no line end in it; the bytes must stay as
     * they are while the line is held or after, see {@link SyslogDecoder#decodeOrdinaryLine}): taken, and true, when
     * the decoder reads it as an ordinary line from its bytes; false, with nothing changed, for any other line, which
     * the caller then gives to {@link #accept} as text. Such a line continues nothing and is no repair's
     * business, so only what {@code accept} counts of every record is counted.
     *
     * @param printableAscii the caller has seen every byte and vouches they are printable ASCII
     * @param escapeFree     and that none is {@code #} or a backslash
     */
    public boolean acceptLine(final byte[] b, final int from, final int to, final boolean printableAscii,
                              final boolean escapeFree, final Instant reference, final Sink out) {
        final int length = to - from;
        if (length <= 4) {
            return false; // a grep separator is text's business
        }
        final LogLine beforeContinuable = decoder.continuable();
        final OrdinaryLine beforeOrdinary = decoder.continuableOrdinaryUnbuilt();
        final LearnedPrefix beforeLearned = decoder.learned();
        final BytesOrdinaryLine line = decoder.decodeOrdinaryLine(b, from, to, printableAscii, escapeFree,
                reference, filter);
        if (line == null) {
            return false;
        }
        records++;
        if (length > widestRecord) {
            widestRecord = Math.max(widestRecord, printableAscii ? length : utf16Length(b, from, to));
        }
        if (b[to - 1] == ' ') {
            endsBlankRecords++;
        }
        if (length <= MAX_WRAP_WIDTH) {
            if (length > widestShortLine && hasInnerBlank(b, from, to)) {
                widestShortLine = length;
            }
        } else {
            longRecords++;
        }
        // As accept: the held record goes out as it is (an ordinary line is never weak, never a join's piece).
        if (waiting.isEmpty() && pendingResult != null && !isEmptyDecode(pendingResult)) {
            if (pendingResult instanceof Decoded held) {
                lastEmitted = held.lines().get(held.lines().size() - 1);
            }
            out.accept(pendingRecord, pendingResult);
        } else {
            release(out);
        }
        hold(null, line, beforeContinuable, beforeOrdinary, beforeLearned);
        pendingBytes = line;
        return true;
    }

    /**
     * Tells the decoder that the line {@link #acceptLine} just declined, {@code b[from, to)}, is given to
     * {@link #accept} next as {@code text}, its chars the line's bytes (all printable ASCII; {@code escapeFree}: none is
     * {@code #} or a backslash): what it read of the line's header, and what the reader vouched for, need not be read
     * again.
     */
    public void declinedLineText(final byte[] b, final int from, final int to, final String text,
                                 final boolean escapeFree) {
        decoder.declinedLineText(b, from, to, text, escapeFree);
    }

    /** The length in chars (UTF-16 units, as {@link String#length()}) of UTF-8 bytes, as the text path measures. */
    private static int utf16Length(final byte[] b, final int from, final int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            final int c = b[i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                n += c >= 0xF0 ? 2 : 1;
            }
        }
        return n;
    }

    /** The held record's text, built now if it was held as bytes (a repair is about to look at it). */
    private void heldAsText() {
        if (pendingBytes != null) {
            pendingRecord = pendingBytes.text();
            pendingPiece = pendingRecord;
            pendingBytes = null;
        }
    }

    private void hold(final String record, final DecodeResult result, final LogLine beforeContinuable,
            final OrdinaryLine beforeOrdinary, final LearnedPrefix beforeLearned) {
        pendingRecord = record;
        pendingPiece = record;
        pendingBytes = null;
        pendingResult = result;
        pendingContinuable = beforeContinuable;
        pendingOrdinary = beforeOrdinary;
        pendingLearned = beforeLearned;
    }

    private static boolean isEmptyDecode(final DecodeResult result) {
        return result instanceof Decoded d && d.lines().isEmpty();
    }

    /** End of the input: the records held back go out. */
    public void finish(final Sink out) {
        release(out);
        flushWaiting(out);
    }

    private void release(final Sink out) {
        if (pendingResult != null) {
            final String r = pendingRecord;
            final DecodeResult d = pendingResult;
            pendingRecord = null;
            pendingBytes = null;
            pendingResult = null;
            pendingContinuable = null;
            pendingOrdinary = null;
            pendingLearned = null;
            emit(r, d, out);
        }
    }

    /**
     * Passes a record on; one that decoded to nothing waits (with those after it that also did) until a record
     * with lines comes: if a prefix was learned meanwhile, the waiting ones are read again behind it, so the lines
     * of a source before its first recognisable report line are not lost.
     */
    private void emit(final String record, final DecodeResult result, final Sink out) {
        if (result instanceof Decoded d && d.lines().isEmpty()) {
            if (waiting.isEmpty()) {
                learnedBeforeWaiting = decoder.learned();
            } else if (waiting.size() >= MAX_WAITING) {
                final Waiting oldest = waiting.poll();
                out.accept(oldest.record(), oldest.result());
            }
            waiting.add(new Waiting(record, d));
            return;
        }
        flushWaiting(out);
        if (result instanceof Decoded d) {
            lastEmitted = d.lines().get(d.lines().size() - 1);
        }
        out.accept(record, result);
    }

    private void flushWaiting(final Sink out) {
        final boolean relearned = decoder.learned() != null && decoder.learned() != learnedBeforeWaiting;
        while (!waiting.isEmpty()) {
            final Waiting w = waiting.poll();
            final LogLine line = relearned ? decoder.behindLearnedPrefix(w.record()) : null;
            out.accept(w.record(), line == null ? w.result() : new Decoded(java.util.List.of(line), null));
        }
    }

    private record Waiting(String record, Decoded result) {
    }

    /**
     * The record just decoded has no layout of its own and is no grammar line, so it may continue the held one; or
     * the held one is a lone stamp and this one has no layout of its own (it is the stamp's message); or the held
     * one is no grammar line on its own (a wrap just before {@code Killed process} leaves a continuation that
     * parses by itself; a soft break right after the header leaves an empty message). Two lines that each parse
     * are never joined.
     */
    private boolean mayContinue(final DecodeResult result) {
        if (!(result instanceof Decoded d) || !decoder.lastWasWeak()) {
            return false;
        }
        if (d.lines().isEmpty() || heldIsLoneStamp() || kind(d.lines().get(d.lines().size() - 1)) == LineKind.OTHER) {
            return true;
        }
        // A held header with an empty message (a soft break right after "kernel: ") is no line on its own either.
        final LineKind held = heldLastKind();
        return held == LineKind.OTHER || held == LineKind.BLANK;
    }

    private LineKind heldLastKind() {
        if (!(pendingResult instanceof Decoded held) || held.lines().isEmpty()) {
            return null;
        }
        return kind(held.lines().get(held.lines().size() - 1));
    }

    private boolean heldIsLoneStamp() {
        if (!(pendingResult instanceof Decoded held) || held.lines().isEmpty()) {
            return false;
        }
        final LogLine last = held.lines().get(held.lines().size() - 1);
        return last.message().isBlank() && last.uptimeMicros() != null && endsWithBracket(pendingRecord);
    }

    /**
     * Does the held record look cut by a wrap before {@code next}? A format=flowed soft break leaves a blank at the
     * end; a hard or word wrap at width W leaves lines no longer than W where the next word would not have fitted.
     * W is taken as the widest line of at most {@link #MAX_WRAP_WIDTH} chars seen so far: in a wrapped paste that
     * is the wrap width, in an unwrapped log a short complete line rarely reaches it with the next word added.
     */
    private boolean looksWrapped(final String held, final String next) {
        if (held.isEmpty() || next.isEmpty()) {
            return false;
        }
        final boolean heldEndsBlank = held.charAt(held.length() - 1) == ' ';
        final boolean softBreak = heldEndsBlank && next.charAt(0) != ' ';
        // format=flowed: an eighth of the lines or more end with a soft break (machine-written logs: under 3%).
        final boolean flowed = endsBlankRecords * 8 >= records;
        if (softBreak && flowed) {
            // A word longer than the width stays whole there (however long), so long lines do not say the text
            // is unwrapped.
            return true;
        }
        if (!heldEndsBlank && joins >= MIN_JOINS_FOR_HARD_WRAP && softJoins == joins) {
            // Every line joined so far ended with a soft break: format=flowed, which marks every break it made. A
            // line without the mark ended where its text ended. (A word wrap leaves a blank at a line's end only
            // where the text had two, and the other lines it cut end without one.)
            return false;
        }
        if (held.length() > MAX_WRAP_WIDTH) {
            return terminalWrapped(held, next);
        }
        if (longRecords * 10 > records) {
            // More than one line in ten is wider than any wrap: this text is not wrapped.
            return false;
        }
        if (softBreak) {
            return true;
        }
        if (joins >= MIN_JOINS_FOR_HARD_WRAP && held.length() < mostJoinedLength()
                && joinedLengths[mostJoinedLength()] == joins) {
            // Every line joined so far was cut at one width: a hard wrap, which cuts only lines longer than its
            // width, each at the width. A shorter line ended where its text ended, even before a long word.
            return false;
        }
        int word = 0;
        while (word < next.length() && next.charAt(word) != ' ') {
            word++;
        }
        // A short line is cut only before a long word (a path, a summary line): the word did not fit.
        return held.length() + 1 + word > widestShortLine
                && (held.length() >= MIN_WRAPPED_CHARS || word >= MIN_WRAPPED_CHARS);
    }

    /**
     * A line longer than any mail or editor wrap is cut only by a terminal, which cuts at its last column whatever
     * is there (mid-word, mid-number, or a blank, which then opens the next row) and drops nothing: the cut line is
     * as wide as the widest line (one less when the paste lost the line's first character) and the rest, no longer
     * than that, goes on directly. (raspberrypi/linux#2909 was cut at 107 columns before {@code  mode:0x15080c0} and
     * before the blanks in front of {@code 4.14.79-v7+}.)
     */
    private boolean terminalWrapped(final String held, final String next) {
        return held.length() + 1 >= widestRecord && next.length() <= widestRecord
                && held.charAt(held.length() - 1) != ' ';
    }

    /** The length of most lines joined so far: a hard wrap's width. */
    private int mostJoinedLength() {
        int most = 0;
        for (int len = 1; len < joinedLengths.length; len++) {
            if (joinedLengths[len] > joinedLengths[most]) {
                most = len;
            }
        }
        return most;
    }

    /** An undecodable record right after a wrapped line of a program the caller passes over. */
    private boolean continuesOrdinaryLine(final DecodeResult result, final String next) {
        return pendingResult instanceof OrdinaryLine && result instanceof Decoded d && d.lines().isEmpty()
                && decoder.lastWasWeak() && !next.isBlank() && looksWrapped(pendingPiece, next);
    }

    /**
     * Tries the held record joined with {@code next}, directly and with a space between (a cut mid-word loses
     * nothing, a cut at a blank loses the blank); keeps the better join when one completes a line. On success the
     * joined record is the one held back and the decoder's state is as after it.
     */
    private boolean join(final String record, final Instant reference) {
        // A quoted continuation line carries its own quote marks: they go before it is joined.
        final String next = !record.isEmpty() && record.charAt(0) == '>' ? PasteRepair.unquote(record) : record;
        if (!(pendingResult instanceof Decoded held) || held.lines().isEmpty()
                || pendingRecord.length() + next.length() > MAX_JOINED_CHARS) {
            return false;
        }
        final boolean loneStamp = heldIsLoneStamp();
        if (!loneStamp && !looksWrapped(pendingPiece, next)) {
            return false;
        }
        final LogLine heldLast = held.lines().get(held.lines().size() - 1);
        final SyslogDecoder.State afterNext = decoder.snapshot();
        // Trial decodes repeat the held record's repairs: only the join itself is counted.
        final long[] counted = decoder.repairs().copy();
        final String heldText = heldLast.message().strip();
        final LineKind heldAlone = kind(heldLast);
        final String direct = pendingRecord + next;
        final String spaced = loneStamp ? pendingRecord.stripTrailing() + " " + next
                : endsOrStartsBlank(pendingRecord, next) ? null : pendingRecord + " " + next;
        final Candidate a = loneStamp ? null : candidate(direct, reference, held, heldText, heldAlone, false, 0);
        final Candidate b = spaced == null ? null
                : candidate(spaced, reference, held, heldText, heldAlone, loneStamp, loneStamp ? 0 : 1);
        final String lastDecoded = spaced != null ? spaced : loneStamp ? null : direct;
        final Candidate best = better(a, b, pendingPiece, next, heldAlone);
        if (best == null) {
            decoder.restore(afterNext);
            decoder.repairs().reset(counted);
            return false;
        }
        if (!best.record.equals(lastDecoded)) {
            // The last decode was of the other candidate: decode the chosen one again so the state follows it.
            decoder.restore(new SyslogDecoder.State(pendingContinuable, SyslogDecoder.built(pendingOrdinary),
                    pendingLearned));
            decoder.decodeLine(best.record, reference, filter);
        }
        decoder.repairs().reset(counted);
        decoder.repairs().add(loneStamp ? Repair.LONE_STAMP_JOINED : Repair.LINE_UNWRAPPED);
        if (!loneStamp && pendingPiece.length() <= MAX_WRAP_WIDTH) {
            // A terminal's wrap (a longer piece) says nothing of how a mail or an editor wrapped the text.
            joinedLengths[pendingPiece.length()]++;
            joins++;
            if (pendingPiece.charAt(pendingPiece.length() - 1) == ' ') {
                softJoins++;
            }
        }
        pendingRecord = best.record;
        pendingPiece = next;
        pendingResult = best.result;
        return true;
    }

    /**
     * @param continued the message of the held line continued
     * @param whole whether the grammar's rule read the line to its end
     * @param reach how far past the join the rule read, in chars of the next line (0 when it stopped before)
     */
    private record Candidate(String record, Decoded result, String continued, LineKind kind, boolean whole, int reach) {
    }

    /**
     * The joined record decoded from the state before the held record, when it is the held line continued: at least
     * as many lines as the held record alone (the continued text may hold more glued stamps or repeated
     * {@code systemd[1]: } messages, which start lines of their own), and the continued one of the kind the held
     * line already had, or of any kind when the held line was no grammar line (a cut line that the next pieces may
     * still complete).
     */
    private Candidate candidate(final String joined, final Instant reference, final Decoded held,
            final String heldText, final LineKind heldAlone, final boolean loneStamp, final int inserted) {
        decoder.restore(new SyslogDecoder.State(pendingContinuable, SyslogDecoder.built(pendingOrdinary),
                pendingLearned));
        final DecodeResult r = decoder.decodeLine(joined, reference, filter);
        if (!(r instanceof Decoded d) || !d.isOk() || d.lines().size() < held.lines().size()) {
            return null;
        }
        final LogLine continued = d.lines().get(held.lines().size() - 1);
        final Classified c = KernelGrammar.classify(continued.message(), continued.fromKernel());
        final boolean continues = loneStamp || heldAlone == LineKind.OTHER || heldAlone == LineKind.BLANK
                || c.kind() == heldAlone;
        if (!continues) {
            return null;
        }
        final int end = c.matcher() == null ? 0 : c.matcher().end();
        final boolean whole = c.matcher() != null && end == continued.message().strip().length();
        return new Candidate(joined, d, continued.message(), c.kind(), whole,
                Math.max(0, end - heldText.length() - inserted));
    }

    /**
     * A grammar line over none; then a task row with its table's columns; then one the grammar reads whole; then one it reads into the next line; on a tie (a
     * rule that reads only the head of a line, like a task row's, or one that takes any text before its phrase) the
     * text's own wrapping decides: a line shorter than the wrap width was cut at a blank (a word wrap); one exactly
     * as wide without a blank is a long word cut; else it was cut by a hard wrap, nothing between the two lines.
     */
    private Candidate better(final Candidate direct, final Candidate spaced, final String held, final String next,
                             final LineKind heldAlone) {
        if (held.length() > MAX_WRAP_WIDTH) {
            // Cut by a terminal (looksWrapped let no other line this long through), which drops nothing at the cut.
            return direct != null && terminalJoin(direct, heldAlone) ? direct : null;
        }
        if (direct == null || spaced == null) {
            return direct != null ? direct : spaced;
        }
        if ((direct.kind == LineKind.OTHER) != (spaced.kind == LineKind.OTHER)) {
            return direct.kind == LineKind.OTHER ? spaced : direct;
        }
        final Candidate sameColumns = sameColumnsAsTable(direct, spaced);
        if (sameColumns != null) {
            return sameColumns;
        }
        if (direct.whole != spaced.whole) {
            return direct.whole ? direct : spaced;
        }
        if ((direct.reach > 0) != (spaced.reach > 0)) {
            // Only whether the rule read into the next line at all: how far a rule that reads a few columns gets
            // says nothing (two numbers glued together make one longer number).
            return direct.reach > 0 ? direct : spaced;
        }
        if (held.length() < widestShortLine) {
            return spaced;
        }
        if (held.indexOf(' ') < 0) {
            // A whole line without a blank: a word longer than the width, cut where the width ran out.
            return direct;
        }
        // Exactly as wide: a hard wrap (which keeps every blank, so nothing is between the two), unless this text is
        // word-wrapped (most of its cut lines are shorter than the width) and the word just filled the line.
        final int atWidth = joinedLengths[Math.min(widestShortLine, MAX_WRAP_WIDTH)];
        int belowWidth = 0;
        for (int len = 0; len < widestShortLine && len <= MAX_WRAP_WIDTH; len++) {
            belowWidth += joinedLengths[len];
        }
        if (atWidth != belowWidth) {
            return belowWidth > atWidth ? spaced : direct;
        }
        final char a = held.charAt(held.length() - 1);
        final char b = next.charAt(0);
        return Character.isLetter(a) && Character.isLetter(b) || Character.isDigit(a) && Character.isDigit(b) ? direct : spaced;
    }

    /**
     * Whether a terminal's cut is undone by joining directly: a join the grammar reads into the next piece (a path, a
     * number, a field cut in two), read whole, or at least turning a held piece that was no line of its own into one
     * (a stall header cut before its {@code mode:}, whose rule stops before the {@code nodemask=} after it); or a held
     * piece that is no grammar line (a call-trace row) continued by one that is none either (the rest of the row,
     * which no layout reads: counting it undecodable would count a line of the report as garbage; the same for a
     * stack row, whose rule reads only its head, cut in a symbol). A grammar line
     * that merely ended at the terminal's width, followed by prose or a line of another layout, is no such join.
     */
    private static boolean terminalJoin(final Candidate direct, final LineKind heldAlone) {
        final boolean heldWasNoLine = heldAlone == LineKind.OTHER;
        if (ROWS_READ_BY_THEIR_HEAD.contains(direct.kind)) {
            return heldWasNoLine || direct.kind == heldAlone;
        }
        return direct.reach > 0 && (direct.whole || heldWasNoLine);
    }

    /**
     * Between two task rows, the one with as many numeric columns as the table's header or row before it: a word
     * wrap whose blank fell exactly at the width (every row cut there when the columns line up) and a hard wrap
     * through a number read alike by the text's own wrapping, but a row has its table's columns.
     */
    private Candidate sameColumnsAsTable(final Candidate direct, final Candidate spaced) {
        if (direct.kind != LineKind.TASK_ROW || spaced.kind != LineKind.TASK_ROW || lastEmitted == null) {
            return null;
        }
        final LineKind before = kind(lastEmitted);
        if (before != LineKind.TASK_ROW && before != LineKind.TASK_HEADER) {
            return null;
        }
        final int want = tableColumns(lastEmitted.message(), before == LineKind.TASK_HEADER);
        if (want < 0) {
            return null;
        }
        final boolean a = tableColumns(direct.continued, false) == want;
        final boolean b = tableColumns(spaced.continued, false) == want;
        return a == b ? null : a ? direct : spaced;
    }

    /**
     * The columns after a task row's {@code [pid]} up to its name: the numbers of a row, the column names of a
     * header (up to {@code name}); -1 without a bracket or without a name after the columns.
     */
    static int tableColumns(final String message, final boolean header) {
        final int close = message.indexOf(']');
        if (close < 0) {
            return -1;
        }
        int count = 0;
        int i = close + 1;
        final int n = message.length();
        while (true) {
            while (i < n && message.charAt(i) == ' ') {
                i++;
            }
            int j = i;
            while (j < n && message.charAt(j) != ' ') {
                j++;
            }
            if (i == j) {
                // No name after the columns: a row not read whole yet (the next piece may add to its columns).
                return -1;
            }
            if (!(header ? isColumnName(message, i, j) : isNumber(message, i, j))) {
                return count;
            }
            count++;
            i = j;
        }
    }

    /** A header's column name ({@code total_vm}), {@code name} (the last column, not counted) excepted. */
    private static boolean isColumnName(final String s, final int from, final int to) {
        if (to - from == 4 && s.startsWith("name", from)) {
            return false;
        }
        for (int k = from; k < to; k++) {
            final char c = s.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A row's number, {@code -1000} too. */
    private static boolean isNumber(final String s, final int from, final int to) {
        for (int k = from; k < to; k++) {
            final char c = s.charAt(k);
            if (!(c >= '0' && c <= '9' || c == '-' && k == from && to - from > 1)) {
                return false;
            }
        }
        return true;
    }

    private static LineKind kind(final LogLine line) {
        return KernelGrammar.classify(line.message(), line.fromKernel()).kind();
    }

    private static boolean endsOrStartsBlank(final String held, final String next) {
        return next.isEmpty() || held.charAt(held.length() - 1) == ' ' || next.charAt(0) == ' ';
    }

    private static boolean endsWithBracket(final String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end > 0 && s.charAt(end - 1) == ']';
    }

    /** {@link #hasInnerBlank(String)} of the ASCII bytes {@code b[from, to)}. */
    private static boolean hasInnerBlank(final byte[] b, final int from, final int to) {
        int blank = from;
        while (blank < to && b[blank] != ' ') {
            blank++;
        }
        for (int i = to - 1; i > blank; i--) {
            if (b[i] != ' ') {
                return true;
            }
        }
        return false;
    }

    /** A blank with a non-blank after it (a flowed line's trailing blank is not inside it). */
    private static boolean hasInnerBlank(final String record) {
        final int blank = record.indexOf(' ');
        if (blank < 0) {
            return false;
        }
        for (int i = record.length() - 1; i > blank; i--) {
            if (record.charAt(i) != ' ') {
                return true;
            }
        }
        return false;
    }

    private static boolean isGrepSeparator(final String record) {
        return record.length() >= 2 && record.length() <= 4 && "--".equals(record.strip());
    }
}
