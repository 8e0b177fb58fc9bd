package io.oomstream.reorder;

/**
 * A host's reorder bookkeeping as it is stored.
 *
 * @param lastReleased the greatest key passed on so far (a line below it is late), null before the first
 * @param newestMillis the host's own time: the newest wall-clock time among its lines, epoch ms
 * @param nextSeq      the host's next arrival number
 * @param lastWallMillis wall clock when the host's last line arrived, epoch ms (a quiet host is forgotten)
 */
public record HostMark(OrderKey lastReleased, long newestMillis, long nextSeq, long lastWallMillis) {
}
