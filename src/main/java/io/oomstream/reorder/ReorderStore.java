package io.oomstream.reorder;

/**
 * Where the reorder stage keeps what must survive a restart: held lines, fingerprints of recent lines (duplicates)
 * and per-host marks. The {@link ReorderBuffer} keeps its working copy in memory and writes every change through;
 * it reads the store once, when it starts. In memory for tests; Kafka Streams stores (changelogged) in the topology.
 */
public interface ReorderStore {

    void putHeld(String hostKey, HeldLine line);

    void removeHeld(String hostKey, OrderKey key);

    /** Remembers a recent line by its fingerprint. */
    void putSeen(String hostKey, long fingerprint, SeenLine seen);

    void removeSeen(String hostKey, long fingerprint);

    void putMark(String hostKey, HostMark mark);

    void removeMark(String hostKey);

    /** Hands every stored entry to {@code loader} (in any order). */
    void load(Loader loader);

    /** Receives the stored entries at start. */
    interface Loader {
        void held(String hostKey, HeldLine line);

        void seen(String hostKey, long fingerprint, SeenLine seen);

        void mark(String hostKey, HostMark mark);
    }
}
