package io.oomstream.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Which side of an end-to-end pair runs first. Both topologies get faster from run to run in one process (the JIT,
 * the broker's page cache and its log segments warm up: identity went from 212k to 602k records/s within one run of
 * nine pairs), so a side that always runs first is always the colder one. The pairs alternate (ABBA: identity first,
 * then oomstream first, and so on), so over an even number of pairs each side leads equally often, and one discarded
 * warm-up run of each side comes before the counted pairs.
 */
final class PairOrder {

    static final String IDENTITY_FIRST = "identity-first";
    static final String OOMSTREAM_FIRST = "oomstream-first";

    private PairOrder() {
    }

    /** Whether the identity topology runs first in pair {@code pair} (0 = the first counted pair). */
    static boolean identityFirst(final int pair) {
        return pair % 2 == 0;
    }

    /** The order of each of {@code pairs} pairs, as the JSON reports it. */
    static List<String> labels(final int pairs) {
        final List<String> out = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            out.add(identityFirst(i) ? IDENTITY_FIRST : OOMSTREAM_FIRST);
        }
        return out;
    }

    /**
     * The ratios of the pairs in which identity ran first ({@code identityFirst}) or oomstream did, in pair order:
     * their medians side by side show how much the order still moves a pair.
     */
    static List<Double> ofOrder(final List<Double> perPair, final boolean identityFirst) {
        final List<Double> out = new ArrayList<>();
        for (int i = 0; i < perPair.size(); i++) {
            if (identityFirst(i) == identityFirst) {
                out.add(perPair.get(i));
            }
        }
        return out;
    }
}
