package io.oomstream.kernel;

import io.oomstream.kernel.rules.AllocFailureRules;
import io.oomstream.kernel.rules.Era1Rules;
import io.oomstream.kernel.rules.Era2Rules;
import io.oomstream.kernel.rules.Era3Rules;
import io.oomstream.kernel.rules.Era4Rules;
import io.oomstream.kernel.rules.Era5Rules;
import io.oomstream.kernel.rules.Era6Rules;
import io.oomstream.kernel.rules.SharedRules;
import io.oomstream.kernel.rules.UserspaceRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The kernel OOM report grammar: every rule of every era, tried newest era first (a newer
 * wording is usually a superset of an older one), then allocation failures, then the lines
 * all eras share. Stateless and thread-safe.
 */
public final class KernelGrammar {

    /**
     * Programs whose lines can belong to an OOM report or refer to a kill. {@code init.scope} is systemd (PID 1) as
     * {@code journalctl -o with-unit} names it: the unit in place of the identifier.
     */
    private static final Set<String> RELEVANT_PROGRAMS =
            Set.of("kernel", "systemd", "init", "systemd-oomd", "earlyoom", "oomd", "init.scope");

    /**
     * The same names by length (index: a name's length; names no longer than the longest): every line's program is
     * looked up here (an eleventh of the single-thread pass when the seven names were each compared by length
     * first), so a name is compared only with the one or two of its length, and those differ in their first letter
     * from most programs of a fleet log (sshd, CRON and oomd; php-fpm, kubelet and systemd).
     */
    private static final String[][] RELEVANT_BY_LENGTH = relevantByLength();

    private static final List<LineRule> KERNEL_RULES = concat(
            Era6Rules.RULES, Era5Rules.RULES, Era4Rules.RULES, Era3Rules.RULES, Era2Rules.RULES,
            Era1Rules.RULES, AllocFailureRules.RULES, SharedRules.RULES, UserspaceRules.RULES);

    /**
     * As an array: a systemd line (an eighth of a fleet log) is tried against each, and the list's iterator showed up
     * in profiles of that loop.
     */
    private static final LineRule[] USERSPACE_RULES = UserspaceRules.RULES.toArray(new LineRule[0]);

    /** The kernel rules a line's first two chars leave in the running. */
    private static final RuleStarts KERNEL_STARTS = new RuleStarts(KERNEL_RULES);
    /**
     * Per thread, a matcher per kernel rule that failed on an earlier line, reset for the next try instead of built
     * anew (building one allocates its group arrays: most of what a failing try cost). One that matches goes out in
     * its {@link Classified} and is not kept.
     */
    private static final ThreadLocal<Matcher[]> FAILED_TRIES = ThreadLocal.withInitial(
            () -> new Matcher[KERNEL_RULES.size()]);
    /** A matcher is kept only after a line this short: it holds on to the line until its next try. */
    private static final int MAX_KEPT_LINE_CHARS = 4096;
    /**
     * The verdicts on the latest report lines, by the message's hash (two slots per hash: a newer line displaces
     * the older of the two): {@link #classifyAgain} hands them out again instead of trying the rules a second time,
     * which was most of what assembling an event cost. Shared by every thread (in {@code analyze} one thread
     * classifies and another assembles): an entry is immutable, so a racing write only costs a miss, and a
     * verdict's matcher is only ever read (its groups). A verdict is a function of the message alone.
     */
    private static final RecentVerdict[] RECENT_VERDICTS = new RecentVerdict[4096];
    /**
     * Each slot's message hash beside the table (16 kB that stay in cache): {@link #classify} tells a new report line
     * from the entry it displaces without loading that entry, written long before (a cache miss per report line).
     * Racing threads may leave a hash out of step with its entry: that only moves an entry it need not move.
     */
    private static final int[] RECENT_HASHES = new int[RECENT_VERDICTS.length];

    /**
     * A verdict is kept only for a line this short (a printk line is at most about 1 kB): the table holds on to its
     * lines, at most a few MB however long the lines of an input are.
     */
    private static final int MAX_RECENT_LINE_CHARS = 1024;

    /** One verdict kept for {@link #classifyAgain}. */
    private record RecentVerdict(String message, int hash, boolean fromKernel, Classified classified) {

        /** This verdict when it is the one on {@code message}, else null. */
        Classified of(final String text, final int textHash, final boolean textFromKernel) {
            return hash == textHash && fromKernel == textFromKernel && (message == text || message.equals(text))
                    ? classified : null;
        }
    }

    private KernelGrammar() {
    }

    /** Every rule, in the order they are tried; for documentation and rule-coverage tests. */
    public static List<LineRule> rules() {
        return KERNEL_RULES;
    }

    /**
     * The cheap pre-filter: can this line matter to OOM reporting at all? Lines of ordinary
     * programs (sshd, CRON, nginx) cost a comparison with seven names.
     */
    public static boolean mayMatter(final ProgramMessage line) {
        final String program = line.program();
        if (program == null) {
            return true;
        }
        // Names are compared where they stand, folding ASCII case only (lower-casing would allocate per line): a
        // name with a character beyond ASCII never equals one of the ASCII names so, and only such a name is
        // lower-cased by the full rules (the Kelvin sign lower-cases to k).
        return isRelevantAscii(program, 0, program.length())
                || !isAscii(program) && RELEVANT_PROGRAMS.contains(program.toLowerCase(Locale.ROOT));
    }

    private static boolean isAscii(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text[from, to)} is one of the relevant names, ignoring ASCII case. */
    private static boolean isRelevantAscii(final String text, final int from, final int to) {
        if (to - from < RELEVANT_BY_LENGTH.length) {
            for (final String relevant : RELEVANT_BY_LENGTH[to - from]) {
                if (asciiEqualsIgnoreCase(text, from, relevant)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * {@link #mayMatter} for the program name {@code text[from, to)} of a record not yet decoded, without taking
     * the name out: exact for ASCII names (the ones in {@link #RELEVANT_PROGRAMS}); any other name may matter,
     * and the full decode then decides.
     */
    public static boolean programMayMatter(final String text, final int from, final int to) {
        if (isRelevantAscii(text, from, to)) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (text.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /** {@link #programMayMatter(String, int, int)} for a name in a record's bytes (non-ASCII: may matter). */
    public static boolean programMayMatter(final byte[] text, final int from, final int to) {
        if (to - from < RELEVANT_BY_LENGTH.length) {
            for (final String relevant : RELEVANT_BY_LENGTH[to - from]) {
                if (asciiEqualsIgnoreCase(text, from, relevant)) {
                    return true;
                }
            }
        }
        int bytes = 0;
        for (int i = from; i < to; i++) {
            bytes |= text[i]; // a byte beyond ASCII is negative, and so is the OR of any run holding one
        }
        return bytes < 0;
    }

    private static boolean asciiEqualsIgnoreCase(final byte[] text, final int from, final String name) {
        for (int k = 0; k < name.length(); k++) {
            final int c = text[from + k];
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} from {@code from} equals the lower-case ASCII {@code name}, ignoring ASCII case. */
    private static boolean asciiEqualsIgnoreCase(final String text, final int from, final String name) {
        for (int k = 0; k < name.length(); k++) {
            final char c = text.charAt(from + k);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The stream's pre-filter: the line's classification when it can be part of an OOM report (a program that
     * {@link #mayMatter} and a line the grammar reads as a report line), else null.
     */
    public static Classified reportLineClass(final ProgramMessage line) {
        if (!mayMatter(line)) {
            return null;
        }
        final Classified c = classify(line);
        return c.kind() == LineKind.OTHER ? null : c;
    }

    /** Classifies one line, choosing the rule set by the line's source. */
    public static Classified classify(final ProgramMessage line) {
        return classify(line.message(), line.fromKernel());
    }

    /**
     * {@link #classify(String, boolean)} of a report line classified before (an open report's lines are read again
     * each time its event is assembled: at the kill line, the reaper, the report's end): the verdict given on arrival
     * when it is still among the {@link #RECENT_VERDICTS}, else classified anew. The same verdict either way.
     */
    public static Classified classifyAgain(final String message, final boolean fromKernel) {
        if (message != null) {
            final int hash = message.hashCode();
            final int slot = recentSlot(hash);
            final Classified kept = RECENT_VERDICTS[slot] != null ? RECENT_VERDICTS[slot].of(message, hash, fromKernel)
                    : null;
            if (kept != null) {
                return kept;
            }
            final RecentVerdict other = RECENT_VERDICTS[slot ^ 1];
            final Classified keptNextDoor = other != null ? other.of(message, hash, fromKernel) : null;
            if (keptNextDoor != null) {
                return keptNextDoor;
            }
        }
        return classify(message, fromKernel);
    }

    /**
     * The first of the two slots of {@link #RECENT_VERDICTS} a message's verdict may be in (each pair of slots holds
     * the two latest verdicts that map to it: the lines of an open report, kept until its event is assembled, rarely
     * lose their verdict to one another).
     */
    private static int recentSlot(final int hash) {
        return (hash ^ (hash >>> 16)) & (RECENT_VERDICTS.length - 1) & ~1;
    }

    /** Classifies a message; kernel messages are tried against every rule, others against userspace rules. */
    public static Classified classify(final String message, final boolean fromKernel) {
        final Classified c = classifyAnew(message, fromKernel);
        if (c.kind() != LineKind.OTHER && message.length() <= MAX_RECENT_LINE_CHARS) {
            // A report line (about 1% of a fleet's lines): kept for classifyAgain, which its event's assembly calls.
            final int hash = message.hashCode();
            final int slot = recentSlot(hash);
            // The newest in the first slot, the one it displaces in the second (racing threads may lose one: a miss).
            final RecentVerdict displaced = RECENT_VERDICTS[slot];
            if (displaced != null && (RECENT_HASHES[slot] != hash || displaced.of(message, hash, fromKernel) == null)) {
                RECENT_VERDICTS[slot ^ 1] = displaced;
                RECENT_HASHES[slot ^ 1] = RECENT_HASHES[slot];
            }
            RECENT_VERDICTS[slot] = new RecentVerdict(message, hash, fromKernel, c);
            RECENT_HASHES[slot] = hash;
        }
        return c;
    }

    private static Classified classifyAnew(final String message, final boolean fromKernel) {
        if (message == null) {
            return Classified.OTHER;
        }
        if (message.isBlank()) {
            return fromKernel ? new Classified(LineKind.BLANK, null, null) : Classified.OTHER;
        }
        final String text = message.strip();
        if (!fromKernel) {
            // Four userspace rules: four contains cost less than a scan for every needle.
            for (int r = 0; r < USERSPACE_RULES.length; r++) {
                final LineRule rule = USERSPACE_RULES[r];
                if (text.contains(rule.needle())) {
                    final Matcher m = rule.pattern().matcher(text);
                    if (m.lookingAt()) {
                        return new Classified(rule.kind(), rule, m);
                    }
                }
            }
            return Classified.OTHER;
        }
        // Only the rules the line's start leaves (most kernel chatter: none with a needle it holds) are looked at, in
        // their order; the needles are looked for only when one of those rules has any, and the rules with needles
        // are those of the needles found.
        final RuleStarts.Gate gate = KERNEL_STARTS.of(text);
        final long[] candidates = gate.anyWithNeedles() ? gate.rulesFound(gate.needles().scan(text)) : gate.rules();
        Matcher[] kept = null;
        for (int w = 0; w < candidates.length; w++) {
            for (long bits = candidates[w]; bits != 0; bits &= bits - 1) {
                final int i = w * 64 + Long.numberOfTrailingZeros(bits);
                if (kept == null) {
                    kept = FAILED_TRIES.get();
                }
                final LineRule rule = KERNEL_RULES.get(i);
                final Matcher m = kept[i] == null ? rule.pattern().matcher(text) : kept[i].reset(text);
                if (m.lookingAt()) {
                    kept[i] = null;
                    return new Classified(rule.kind(), rule, m);
                }
                kept[i] = text.length() <= MAX_KEPT_LINE_CHARS ? m : null;
            }
        }
        return Classified.OTHER;
    }

    private static String[][] relevantByLength() {
        final int longest = RELEVANT_PROGRAMS.stream().mapToInt(String::length).max().orElse(0);
        final String[][] byLength = new String[longest + 1][];
        for (int n = 0; n <= longest; n++) {
            final int length = n;
            byLength[n] = RELEVANT_PROGRAMS.stream().filter(name -> name.length() == length).sorted()
                    .toArray(String[]::new);
        }
        return byLength;
    }

    @SafeVarargs
    private static List<LineRule> concat(final List<LineRule>... lists) {
        final List<LineRule> all = new ArrayList<>();
        for (final List<LineRule> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }
}
