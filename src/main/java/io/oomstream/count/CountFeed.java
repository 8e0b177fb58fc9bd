package io.oomstream.count;

/**
 * What the {@link KillLedger} sends the {@link KillCounter}, each item under a {@link KillDimensions} and at a time
 * (the record key and timestamp in the topology): count a kill, take a moved kill back, or move the counter's
 * stream time in a quiet period.
 */
public sealed interface CountFeed permits CountFeed.Count, CountFeed.Retraction, CountFeed.Tick {

    /** The dimensions a tick is sent under: no kill has these (services and fleet names are never blank). */
    KillDimensions TICK_KEY = new KillDimensions("", "", "", "");

    /** Count the kill {@code eventId}. */
    record Count(String eventId) implements CountFeed {
    }

    /** Take back the kill {@code eventId}, counted before under these dimensions and at this time. */
    record Retraction(String eventId) implements CountFeed {
    }

    /** No kill: the sender's clock reached this time. */
    record Tick() implements CountFeed {
        public static final Tick INSTANCE = new Tick();
    }

    /** Where the ledger sends its feed: the repartition by dimensions in the topology, the counter offline. */
    @FunctionalInterface
    interface Sink {
        void send(KillDimensions dimensions, CountFeed item, long time);
    }
}
