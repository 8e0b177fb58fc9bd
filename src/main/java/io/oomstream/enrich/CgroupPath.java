package io.oomstream.enrich;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a memory-cgroup path says about the process in it.
 * <ul>
 *   <li>systemd: the deepest {@code *.service} component is the unit ({@code /system.slice/apache2.service}
 *       → {@code apache2}); template instances count as their template ({@code postgresql@14-main} →
 *       {@code postgresql}); {@code user@UID.service} is the user's session manager, not a service, so
 *       desktop and session processes get no unit;</li>
 *   <li>Kubernetes, cgroupfs and systemd drivers: {@code /kubepods/burstable/pod<uid>/<container>} and
 *       {@code /kubepods.slice/.../kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<id>.scope}
 *       give the pod uid (dashed) and the container id, with containerd, CRI-O ({@code crio-<id>}) and Docker
 *       ({@code docker-<id>.scope}, or the bare id) runtimes; a static pod's uid is the kubelet's 32-hex config
 *       hash (the mirror pod's {@code kubernetes.io/config.mirror} annotation); the QoS class is the
 *       {@code burstable} or {@code besteffort} level, or {@code guaranteed} when the pod sits right under
 *       {@code kubepods}; CRI-O's {@code crio-conmon-<id>} is the runtime's monitor, not the container;</li>
 *   <li>a path cut short (the kernel prints one line of at most about 1,000 characters) may end in part of a
 *       container id: at least 12 hex digits are kept as {@code containerIdPrefix}, which the pod metadata can
 *       still resolve within the pod;</li>
 *   <li>Docker and Podman: {@code /docker/<id>}, {@code docker-<id>.scope}, {@code libpod-<id>.scope} give
 *       the container id.</li>
 * </ul>
 * A container's path yields no unit: the runtime's unit is not what was killed.
 *
 * @param unit        the unit's service name (suffix, instance and escapes removed), or null
 * @param podUid      Kubernetes pod uid, or null
 * @param containerId container id (64 hex), or null
 * @param qosClass    {@code guaranteed}, {@code burstable} or {@code besteffort} for a Kubernetes pod, or null
 * @param containerIdPrefix the start of a container id the path was cut in (12 to 63 hex), or null
 */
public record CgroupPath(String unit, String podUid, String containerId, String qosClass, String containerIdPrefix) {

    private static final CgroupPath NONE = new CgroupPath(null, null, null, null, null);
    private static final Pattern POD = Pattern.compile(
            "pod([0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12}"
                    + "|[0-9a-fA-F]{32})(?:\\.slice)?$");
    private static final Pattern QOS = Pattern.compile("kubepods[-_](burstable|besteffort)(?:\\.slice)?|burstable|besteffort");
    private static final Pattern CONTAINER = Pattern.compile(
            "(?:(?:cri-containerd|crio|docker|libpod|containerd)-)?([0-9a-fA-F]{64})(?:\\.scope)?");
    private static final Pattern CUT_CONTAINER = Pattern.compile(
            "(?:(?:cri-containerd|crio|docker|libpod|containerd)-)?([0-9a-fA-F]{12,63})");
    private static final Pattern USER_MANAGER = Pattern.compile("user@\\d+\\.service");
    private static final Pattern ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");

    /** Parses a cgroup path; null or unrecognised paths give all-null fields. */
    public static CgroupPath parse(final String path) {
        if (path == null || path.isBlank()) {
            return NONE;
        }
        final String[] parts = path.strip().split("/");
        String pod = null;
        String container = null;
        String unit = null;
        String qos = null;
        String cut = null;
        boolean kubepods = false;
        for (int i = 0; i < parts.length; i++) {
            final String part = parts[i];
            kubepods |= part.startsWith("kubepods");
            final Matcher q = QOS.matcher(part);
            if (kubepods && q.lookingAt()) {
                qos = (q.group(1) != null ? q.group(1) : q.group()).toLowerCase(Locale.ROOT);
            }
            final Matcher p = POD.matcher(part);
            if ((part.startsWith("pod") || part.startsWith("kubepods")) && p.find()) {
                pod = p.group(1).replace('_', '-').toLowerCase(Locale.ROOT);
                if (qos == null && kubepods) {
                    qos = "guaranteed"; // a pod directly under kubepods has no QoS level of its own
                }
                continue;
            }
            final Matcher c = CONTAINER.matcher(part);
            if (c.matches()) {
                container = c.group(1).toLowerCase(Locale.ROOT);
            } else if (i == parts.length - 1 && pod != null && CUT_CONTAINER.matcher(part).matches()) {
                final Matcher m = CUT_CONTAINER.matcher(part);
                m.matches();
                cut = m.group(1).toLowerCase(Locale.ROOT);
            } else if (part.endsWith(".service") && !USER_MANAGER.matcher(part).matches()) {
                unit = unitName(part);
            }
        }
        if (pod != null || container != null) {
            return new CgroupPath(null, pod, container, pod == null ? null : qos, container == null ? cut : null);
        }
        return unit == null ? NONE : new CgroupPath(unit, null, null, null, null);
    }

    /**
     * A unit's service name: {@code apache2.service} and {@code apache2} → {@code apache2};
     * {@code getty@tty1.service} → {@code getty}; systemd escapes ({@code \x2d}) decoded. Null for a
     * non-service unit ({@code session-7.scope}) or null.
     */
    public static String unitName(final String unit) {
        if (unit == null || unit.isBlank()) {
            return null;
        }
        String u = unit.strip();
        if (u.endsWith(".service")) {
            u = u.substring(0, u.length() - ".service".length());
        } else if (u.matches(".*\\.(scope|slice|socket|mount|timer|target|path|swap|device)")) {
            return null;
        }
        final int at = u.indexOf('@');
        if (at > 0) {
            u = u.substring(0, at);
        }
        final Matcher m = ESCAPE.matcher(u);
        final StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(Character.toString((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(b);
        return b.isEmpty() ? null : b.toString();
    }
}
