package io.oomstream.syslog;

import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.time.Instant;

/**
 * Decodes a sequence of records (the lines of a file, or the lines of one record that carries several) and undoes
 * what a paste did across lines, holding back one record to see the next:
 * <ul>
 *   <li>a hard-wrapped or format=flowed line (even cut mid-word or mid-number) is joined with its continuation,
 *       but only when the continuation does not start a record of its own, does not parse on its own, and the
 *       joined text completes a grammar line or a task-table row that the first part alone did not;</li>
 *   <li>a kernel stamp alone on its line is joined with the message on the next line;</li>
 *   <li>a {@code --} separator of {@code grep -A/-B/-C} output is skipped, so it neither counts as undecodable
 *       nor breaks a task table.</li>
 * </ul>
 * Two lines that each parse on their own are never joined. Every repair is counted in the decoder's
 * {@link SyslogDecoder#repairs()}. Not thread-safe; one per decoder.
 */
public final class RecordJoiner {

    /** Receives each record, once final, with what it decoded to. */
    @FunctionalInterface
    public interface Sink {
        void accept(String record, DecodeResult result);
    }

    /**
     * A line shorter than this was not wrapped: wrapping tools cut at 72 to 80 columns, and a word-wrapped line is
     * at most one word shorter. It also keeps prose from being glued to the end of a short report line.
     */
    static final int MIN_WRAPPED_CHARS = 50;
    /** A joined record longer than this is not a wrapped printk line (printk lines stay below 1 kB). */
    static final int MAX_JOINED_CHARS = 2048;

    private final SyslogDecoder decoder;
    private final ProgramFilter filter;
    private String pendingRecord;
    private DecodeResult pendingResult;
    private SyslogDecoder.State beforePending;

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
        final SyslogDecoder.State before = decoder.snapshot();
        final DecodeResult result = decoder.decode(record, reference, filter);
        if (pendingRecord != null && mayContinue(result) && join(record, reference)) {
            return;
        }
        release(out);
        pendingRecord = record;
        pendingResult = result;
        beforePending = before;
    }

    /** End of the input: the record held back goes out. */
    public void finish(final Sink out) {
        release(out);
    }

    private void release(final Sink out) {
        if (pendingRecord != null) {
            final String r = pendingRecord;
            final DecodeResult d = pendingResult;
            pendingRecord = null;
            pendingResult = null;
            beforePending = null;
            out.accept(r, d);
        }
    }

    /**
     * The record just decoded has no layout of its own and is no grammar line, so it may continue the held one; or
     * the held one is a lone stamp and this one has no layout of its own (it is the stamp's message).
     */
    private boolean mayContinue(final DecodeResult result) {
        if (!(result instanceof Decoded d) || !decoder.lastWasWeak()) {
            return false;
        }
        return d.lines().isEmpty() || heldIsLoneStamp() || kind(d.lines().get(d.lines().size() - 1)) == LineKind.OTHER;
    }

    private boolean heldIsLoneStamp() {
        if (!(pendingResult instanceof Decoded held) || held.lines().isEmpty()) {
            return false;
        }
        final LogLine last = held.lines().get(held.lines().size() - 1);
        return last.message().isBlank() && last.uptimeMicros() != null && endsWithBracket(pendingRecord);
    }

    /**
     * Tries the held record joined with {@code next}, directly and with a space between (a cut mid-word loses
     * nothing, a cut at a blank loses the blank); keeps the better join when one completes a line. On success the
     * joined record is the one held back and the decoder's state is as after it.
     */
    private boolean join(final String next, final Instant reference) {
        if (!(pendingResult instanceof Decoded held) || held.lines().isEmpty()
                || pendingRecord.length() + next.length() > MAX_JOINED_CHARS) {
            return false;
        }
        final LogLine heldLast = held.lines().get(held.lines().size() - 1);
        if (!heldLast.fromKernel()) {
            return false;
        }
        final SyslogDecoder.State afterNext = decoder.snapshot();
        final boolean loneStamp = heldIsLoneStamp();
        if (!loneStamp && pendingRecord.length() < MIN_WRAPPED_CHARS) {
            return false;
        }
        final String heldText = heldLast.message().strip();
        final Classified heldAlone = KernelGrammar.classify(heldLast.message(), true);
        final String direct = pendingRecord + next;
        final String spaced = endsOrStartsBlank(pendingRecord, next) ? null : pendingRecord + " " + next;
        final Candidate a = loneStamp ? null : candidate(direct, reference, held, heldText, heldAlone);
        final Candidate b = spaced == null ? null : candidate(spaced, reference, held, heldText, heldAlone);
        final String lastDecoded = spaced != null ? spaced : loneStamp ? null : direct;
        final Candidate best = better(a, b, pendingRecord, next);
        if (best == null) {
            decoder.restore(afterNext);
            return false;
        }
        if (!best.record.equals(lastDecoded)) {
            // The last decode was of the other candidate: decode the chosen one again so the state follows it.
            decoder.restore(beforePending);
            decoder.decode(best.record, reference, filter);
        }
        decoder.repairs().add(loneStamp ? Repair.LONE_STAMP_JOINED : Repair.LINE_UNWRAPPED);
        pendingRecord = best.record;
        pendingResult = best.result;
        return true;
    }

    private record Candidate(String record, Decoded result, int reach) {
    }

    /**
     * The joined record decoded from the state before the held record, when it completes a line: as many lines as
     * the held record alone, the last a grammar line, and that line either was no grammar line before or the
     * grammar now reads past the join (a task row counts as read whole).
     */
    private Candidate candidate(final String joined, final Instant reference, final Decoded held,
            final String heldText, final Classified heldAlone) {
        decoder.restore(beforePending);
        final DecodeResult r = decoder.decode(joined, reference, filter);
        if (!(r instanceof Decoded d) || d.lines().size() != held.lines().size() || !d.isOk()) {
            return null;
        }
        final LogLine last = d.lines().get(d.lines().size() - 1);
        final Classified c = KernelGrammar.classify(last.message(), last.fromKernel());
        if (c.kind() == LineKind.OTHER || c.matcher() == null && c.kind() != LineKind.BLANK) {
            return null;
        }
        final int reach = c.matcher() == null ? 0 : c.matcher().end() - heldText.length();
        final boolean completes = heldAlone.kind() == LineKind.OTHER || heldAlone.kind() == LineKind.BLANK
                || reach > 0 || c.kind() == LineKind.TASK_ROW && heldAlone.kind() == LineKind.TASK_ROW
                && (endsInNumber(heldText) || isWrapWidth(pendingRecord.length()));
        return completes ? new Candidate(joined, d, reach) : null;
    }

    /**
     * A task row whose last column is a number has no name yet: it was cut between or inside its numbers. (The
     * grammar reads only a row's head, so it cannot tell.)
     */
    private static boolean endsInNumber(final String row) {
        int i = row.length();
        while (i > 0 && Character.isDigit(row.charAt(i - 1))) {
            i--;
        }
        return i < row.length() && (i == 0 || row.charAt(i - 1) == ' ' || row.charAt(i - 1) == '-');
    }

    /**
     * A row cut inside its name is told from a whole row only by its length: a hard wrap (the only kind that cuts
     * inside a word) leaves every cut line exactly as long as the wrap width.
     */
    private static boolean isWrapWidth(final int length) {
        return length == 72 || length == 76 || length == 78 || length == 80;
    }

    /**
     * The candidate whose grammar match reaches further past the join; on a tie (a rule that reads only the head of
     * the line, like a task row's) the cut is taken as mid-word when letters or digits meet across it, else as a
     * cut at a blank.
     */
    private static Candidate better(final Candidate direct, final Candidate spaced, final String held,
            final String next) {
        if (direct == null || spaced == null) {
            return direct != null ? direct : spaced;
        }
        if (direct.reach != spaced.reach) {
            return direct.reach > spaced.reach ? direct : spaced;
        }
        final char a = held.charAt(held.length() - 1);
        final char b = next.charAt(0);
        final boolean sameRun = Character.isLetter(a) && Character.isLetter(b) || Character.isDigit(a) && Character.isDigit(b);
        return sameRun ? direct : spaced;
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

    private static boolean isGrepSeparator(final String record) {
        return record.length() >= 2 && record.length() <= 4 && "--".equals(record.strip());
    }
}
