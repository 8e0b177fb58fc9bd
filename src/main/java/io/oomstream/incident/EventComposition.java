package io.oomstream.incident;

import io.oomstream.event.OomEvent;

/**
 * What held the memory in one report, as the event's own analysis says it: the sentence of the dominant
 * memory-composition finding (unreclaimable slab, shmem/tmpfs, hugepages, page cache, swap/zram, a memcg full of
 * file cache ...). Those findings are made on the event (issue 17 points 1, 2: {@code Analysis.composition}, dominant
 * first); incidents only quote them. One seam, so the incident side needs nothing else of that list.
 */
final class EventComposition {

    private EventComposition() {
    }

    /**
     * The dominant composition sentence of {@code e}, or null when its analysis has none.
     *
     * <p>The list is ordered dominant first (swap last unless it is the only finding), so the first sentence is the
     * one an operator acts on.
     */
    static String dominantComposition(final OomEvent e) {
        if (e.analysis() == null || e.analysis().composition() == null || e.analysis().composition().isEmpty()) {
            return null;
        }
        return e.analysis().composition().get(0).sentence();
    }
}
