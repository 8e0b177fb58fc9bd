package io.oomstream.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * The severity rules; every rule that fires is listed in {@code severity_reasons}, the highest level wins.
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>reason</th><th>fires when</th><th>level</th></tr>
 *   <tr><td>critical_service</td><td>a killed service is marked critical in the fleet metadata</td><td>critical</td></tr>
 *   <tr><td>cascade</td><td>the OOM killer ran 3 or more times (2: medium); one invocation that killed several
 *   processes at once (memory.oom.group) counts once: it is one OOM with N victims, not a cascade</td><td>high</td></tr>
 *   <tr><td>host_hang_suspected</td><td>a report took 10 s or more to reach the log (thrashing)</td><td>high</td></tr>
 *   <tr><td>report_without_kill</td><td>an OOM report showed no kill (it never reached its kill line: the host
 *   may have hung); it never counts as a kill</td><td>high</td></tr>
 *   <tr><td>fleet_wide</td><td>part of a fleet-wide incident (or is one)</td><td>high</td></tr>
 *   <tr><td>swap_exhausted</td><td>a report showed swap configured and none free</td><td>medium</td></tr>
 * </table>
 * Otherwise (one kill, swap fine or unknown, not critical) the level is low.
 */
public final class SeverityRules {

    /** OOM-killer invocations from which a cascade is high. */
    public static final int CASCADE_HIGH = 3;

    /** The level and the reasons behind it. */
    public record Assessment(Severity severity, List<String> reasons) {
    }

    private SeverityRules() {
    }

    public static Assessment assess(final KillStats stats, final boolean fleetWide) {
        final List<String> reasons = new ArrayList<>();
        Severity level = Severity.LOW;
        if (!stats.criticalServices().isEmpty()) {
            reasons.add("critical_service");
            level = Severity.CRITICAL;
        }
        if (stats.invocations() >= 2) {
            reasons.add("cascade");
            level = max(level, stats.invocations() >= CASCADE_HIGH ? Severity.HIGH : Severity.MEDIUM);
        }
        if (stats.hangSuspected()) {
            reasons.add("host_hang_suspected");
            level = max(level, Severity.HIGH);
        }
        if (stats.reportsWithoutKill() > 0) {
            reasons.add("report_without_kill");
            level = max(level, Severity.HIGH);
        }
        if (fleetWide) {
            reasons.add("fleet_wide");
            level = max(level, Severity.HIGH);
        }
        if (stats.swapExhausted()) {
            reasons.add("swap_exhausted");
            level = max(level, Severity.MEDIUM);
        }
        return new Assessment(level, List.copyOf(reasons));
    }

    private static Severity max(final Severity a, final Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
