package io.oomstream.incident;

import io.oomstream.event.Consumer;
import java.util.Locale;

/**
 * Who held the memory, as opposed to who was killed: the largest holder by name across the incident's
 * task tables ({@link KillStats#topHolders()}), compared with the victims.
 *
 * @param name          the process name
 * @param processes     how many processes of that name the table listed
 * @param rssKb         their RSS together, kB
 * @param share         their fraction (0..1) of the table's RSS
 * @param amongVictims  a process of this name was killed: the victim was (part of) the problem
 * @param reading       a plain sentence about it
 */
public record Culprit(String name, int processes, long rssKb, double share, boolean amongVictims, String reading) {

    /** The culprit of {@code stats}, or null when no report printed a task table. */
    static Culprit of(final KillStats stats) {
        if (stats.topHolders().isEmpty()) {
            return null;
        }
        final Consumer top = stats.topHolders().get(0);
        final boolean victim = stats.victims().contains(top.name());
        return new Culprit(top.name(), top.processes(), top.rssKb(), top.share(), victim,
                reading(top, victim, stats));
    }

    private static String reading(final Consumer top, final boolean victim, final KillStats stats) {
        final String held = percent(top.share()) + " of task memory (" + mb(top.rssKb()) + ")";
        if (victim && top.processes() > 1) {
            return top.processes() + " " + top.name() + " processes together held " + held + ": too many "
                    + top.name() + " workers, not one runaway process; limit their number";
        }
        if (victim) {
            return top.name() + " itself held the most memory, " + held;
        }
        if (stats.victims().isEmpty()) {
            return top.name() + " held the most memory (" + top.processes() + " process"
                    + (top.processes() == 1 ? "" : "es") + ", " + held + ")";
        }
        return top.name() + " held the most memory (" + top.processes() + " process"
                + (top.processes() == 1 ? "" : "es") + ", " + held + ") yet " + String.join(", ", stats.victims())
                + (stats.victims().size() == 1 ? " was" : " were") + " killed: " + top.name() + " is the likely culprit";
    }

    static String percent(final double share) {
        return Math.round(share * 100) + "%";
    }

    static String mb(final long kb) {
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
