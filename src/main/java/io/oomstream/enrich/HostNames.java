package io.oomstream.enrich;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host-name matching: the key under which fleet metadata is published and looked up.
 *
 * <p>Syslog senders name themselves inconsistently ({@code web-01}, {@code WEB-01},
 * {@code web-01.dc1.example.com.}), so the key is the lower-cased short name: the first DNS label,
 * with a trailing dot dropped. {@code web-01} therefore matches {@code web-01.dc1.example.com} and the
 * other way round. IP addresses are kept whole (their first label means nothing).
 *
 * <p>Ambiguity: two inventory entries with the same short name ({@code web-01.dc1...} and
 * {@code web-01.dc2...}) cannot both be matched from a log that says {@code web-01}; {@link FleetIndex}
 * rejects such a file, naming both entries, rather than guess.
 */
public final class HostNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** The matching key of {@code host}; {@code ""} for a null or blank host (never matches an entry). */
    public static String key(final String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0 || IPV4.matcher(h).matches()) {
            return h;
        }
        final int dot = h.indexOf('.');
        return dot < 0 ? h : h.substring(0, dot);
    }
}
