package io.oomstream.explain;

/** {@code Node N hugepages_total=T hugepages_free=F hugepages_surp=S hugepages_size=ZkB} (one line per node and size). */
public record HugePages(int node, long total, long free, long surplus, long sizeKb) {

    /** Memory reserved for huge pages that nothing had mapped. */
    public long freeKb() {
        return free * sizeKb;
    }

    public long totalKb() {
        return total * sizeKb;
    }
}
