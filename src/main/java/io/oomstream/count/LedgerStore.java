package io.oomstream.count;

/**
 * Where the {@link KillLedger} keeps its state: in memory for {@code analyze}, changelogged Kafka Streams
 * key-value stores in the topology (one per part, under the store names and formats of earlier versions, so a
 * running deployment upgrades with its state).
 */
public interface LedgerStore {

    /**
     * The event ids seen, for {@link KillDeduplicator}, and the ledger's horizon and newest kill time: a sorted
     * string-to-number map.
     */
    KillCountStore ids();

    /** What the kill {@code eventId} was counted as, or null (never counted, or forgotten). */
    CountedKill counted(String eventId);

    void putCounted(String eventId, CountedKill kill);

    /** Forgets every counted kill whose log time is before {@code horizon}. */
    void forgetCountedBefore(long horizon);

    /** The tick clock, or null before the first kill was counted. */
    TickClock clock();

    void putClock(TickClock clock);
}
