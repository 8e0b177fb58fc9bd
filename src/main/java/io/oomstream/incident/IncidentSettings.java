package io.oomstream.incident;

import java.time.Duration;

/**
 * The tunables of incidents, fleet-wide detection and kill counts (app keys in {@code AppConfig}).
 *
 * @param quietGap          kills of one host belong to one incident while no more than this passes between
 *                          them; the incident closes once this much passes after its last kill
 * @param fleetWideMinHosts this many distinct hosts of one service or role hit ...
 * @param fleetWideSpan     ... within this span form a fleet-wide incident
 * @param killCountWindow   size of the tumbling kill-count windows
 * @param killCountGrace    how long after a window's end it is emitted; a kill arriving later corrects it
 * @param killCountRetention how long emitted windows and counted event ids are kept for corrections; older
 *                          kills are not counted (at least window plus grace)
 */
public record IncidentSettings(Duration quietGap, int fleetWideMinHosts, Duration fleetWideSpan,
                               Duration killCountWindow, Duration killCountGrace, Duration killCountRetention) {

    public static final Duration DEFAULT_QUIET_GAP = Duration.ofHours(1);
    public static final int DEFAULT_FLEET_WIDE_MIN_HOSTS = 3;
    public static final Duration DEFAULT_FLEET_WIDE_SPAN = Duration.ofMinutes(10);
    public static final Duration DEFAULT_KILL_COUNT_WINDOW = Duration.ofMinutes(1);
    /** Covers the stitcher's idle timeout (30 s) plus shipping delay and modest clock skew between hosts. */
    public static final Duration DEFAULT_KILL_COUNT_GRACE = Duration.ofMinutes(1);
    /**
     * A week covers replaying a weekend's logs. State grows with kills, not lines (one entry per event id and
     * per window with kills), so a long retention is cheap.
     */
    public static final Duration DEFAULT_KILL_COUNT_RETENTION = Duration.ofDays(7);

    /** Rejects values that would make the rules meaningless. */
    public IncidentSettings {
        positive(quietGap, "quietGap");
        positive(fleetWideSpan, "fleetWideSpan");
        positive(killCountWindow, "killCountWindow");
        if (killCountGrace == null || killCountGrace.isNegative()) {
            throw new IllegalArgumentException("killCountGrace must be >= 0, got " + killCountGrace);
        }
        if (killCountRetention == null || killCountRetention.compareTo(killCountWindow.plus(killCountGrace)) < 0) {
            throw new IllegalArgumentException("killCountRetention must be >= window plus grace ("
                    + killCountWindow.plus(killCountGrace) + "), got " + killCountRetention);
        }
        if (fleetWideMinHosts < 2) {
            throw new IllegalArgumentException("fleetWideMinHosts must be >= 2, got " + fleetWideMinHosts);
        }
    }

    public static IncidentSettings defaults() {
        return new IncidentSettings(DEFAULT_QUIET_GAP, DEFAULT_FLEET_WIDE_MIN_HOSTS, DEFAULT_FLEET_WIDE_SPAN,
                DEFAULT_KILL_COUNT_WINDOW, DEFAULT_KILL_COUNT_GRACE, DEFAULT_KILL_COUNT_RETENTION);
    }

    private static void positive(final Duration d, final String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }
}
