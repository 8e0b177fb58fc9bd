package io.oomstream.incident;

import io.oomstream.event.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who held the memory, as opposed to who was killed: the largest holder by name across the incident's
 * task tables ({@link KillStats#topHolders()}), compared with the victims. A holder is named the culprit only when
 * it clearly dominates ({@link #dominates}): at least {@value #DOMINANCE_RATIO} times the next holder's memory and
 * more than {@value #MIN_SHARE_PERCENT}% of the table. Three VMs holding a third each, or two holders a fraction of a
 * percent apart, have no culprit: the verdict says they held equal shares ({@link #equalShares}).
 *
 * @param name          the process name
 * @param processes     how many processes of that name the table listed
 * @param rssKb         their RSS together, kB
 * @param share         their fraction (0..1) of the table's RSS
 * @param amongVictims  a process of this name was killed: the victim was (part of) the problem
 * @param reading       a plain sentence about it
 */
public record Culprit(String name, int processes, long rssKb, double share, boolean amongVictims, String reading) {

    /** How many times the next holder's memory the top holder must hold to be the culprit. */
    public static final double DOMINANCE_RATIO = 1.5;
    /** The share of the task table's memory (percent) the top holder must exceed to be the culprit. */
    public static final int MIN_SHARE_PERCENT = 20;

    /** The culprit of {@code stats}, or null when no report printed a task table or no holder dominates. */
    static Culprit of(final KillStats stats) {
        if (!dominates(stats.topHolders())) {
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
            final String many = top.name().toLowerCase(java.util.Locale.ROOT).endsWith("worker") ? " processes" : " workers";
            return top.processes() + " " + top.name() + " processes together held " + held + ": too many "
                    + top.name() + many + ", not one runaway process";
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

    /** Whether the first of {@code holders} (largest first) clearly dominates the rest. */
    static boolean dominates(final List<Consumer> holders) {
        if (holders.isEmpty() || holders.get(0).share() * 100 <= MIN_SHARE_PERCENT) {
            return false;
        }
        return holders.size() == 1 || holders.get(0).rssKb() >= DOMINANCE_RATIO * holders.get(1).rssKb();
    }

    /**
     * Why no culprit is named although task tables were printed: the holders within {@link #DOMINANCE_RATIO} of the
     * largest held comparable shares, or none held more than {@link #MIN_SHARE_PERCENT}%.
     */
    static String equalShares(final List<Consumer> holders) {
        final Consumer top = holders.get(0);
        if (top.share() * 100 <= MIN_SHARE_PERCENT) {
            return "no process held a large share of task memory (the largest, " + top.name() + ", held "
                    + percent(top.share()) + "), so no single process is to blame";
        }
        final List<String> close = new ArrayList<>();
        for (final Consumer c : holders) {
            if (DOMINANCE_RATIO * c.rssKb() > top.rssKb()) {
                close.add(c.name() + " (" + percent(c.share()) + ")");
            }
        }
        return and(close) + " held about equal shares of task memory, so no single process is to blame";
    }

    /**
     * {@code a}, {@code a and b}, {@code a, b and c}; labels of one kind said once: {@code containers app and envoy}
     * for {@code container app} and {@code container envoy}.
     */
    static String and(final List<String> items) {
        final String kind = items.size() > 1 && items.get(0).startsWith("container ") ? "container "
                : items.size() > 1 && items.get(0).startsWith("pod ") ? "pod " : null;
        if (kind != null && items.stream().allMatch(i -> i.startsWith(kind))) {
            return kind.strip() + "s " + list(items.stream().map(i -> i.substring(kind.length())).toList());
        }
        return list(items);
    }

    private static String list(final List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    static String percent(final double share) {
        return Math.round(share * 100) + "%";
    }

    static String mb(final long kb) {
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
