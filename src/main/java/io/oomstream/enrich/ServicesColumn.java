package io.oomstream.enrich;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact {@code services} column of a CSV fleet file: services separated by {@code ;}, each
 * <pre>
 *   NAME[!] [: PROCESS ...] [/ UNIT ...]
 * </pre>
 * {@code !} after the name marks the service critical; process names and units are separated by
 * spaces. Example: {@code tomcat!: java jsvc / tomcat9.service; nginx: nginx / nginx.service; sshd}.
 * A process name containing a space cannot be written here; use YAML or JSON for such hosts.
 */
final class ServicesColumn {

    private ServicesColumn() {
    }

    /**
     * Parses the column; an empty or null cell gives no services.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    static List<Service> parse(final String cell) {
        final List<Service> services = new ArrayList<>();
        if (cell == null || cell.isBlank()) {
            return services;
        }
        for (final String raw : cell.split(";")) {
            final String entry = raw.strip();
            if (!entry.isEmpty()) {
                services.add(entry(entry));
            }
        }
        return services;
    }

    /** Writes services back in the column's syntax (the inverse of {@link #parse}). */
    static String format(final List<Service> services) {
        final List<String> parts = new ArrayList<>();
        for (final Service s : services) {
            final StringBuilder b = new StringBuilder(s.name());
            if (s.critical()) {
                b.append('!');
            }
            if (!s.processNames().isEmpty()) {
                b.append(": ").append(String.join(" ", s.processNames()));
            }
            if (!s.systemdUnits().isEmpty()) {
                b.append(" / ").append(String.join(" ", s.systemdUnits()));
            }
            parts.add(b.toString());
        }
        return String.join("; ", parts);
    }

    private static Service entry(final String entry) {
        final int slash = entry.indexOf('/');
        final String head = slash < 0 ? entry : entry.substring(0, slash);
        final List<String> units = slash < 0 ? List.of() : words(entry.substring(slash + 1));
        final int colon = head.indexOf(':');
        String name = (colon < 0 ? head : head.substring(0, colon)).strip();
        final List<String> processes = colon < 0 ? List.of() : words(head.substring(colon + 1));
        final boolean critical = name.endsWith("!");
        if (critical) {
            name = name.substring(0, name.length() - 1).strip();
        }
        if (name.isEmpty() || name.contains(" ")) {
            throw new IllegalArgumentException("services entry '" + entry
                    + "' must start with one service name (NAME[!] [: PROCESS ...] [/ UNIT ...])");
        }
        return new Service(name, processes, units, critical);
    }

    private static List<String> words(final String text) {
        final String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
