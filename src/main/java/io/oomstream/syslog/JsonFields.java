package io.oomstream.syslog;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient readers for JSON fields whose type varies between shippers (pid as string or number ...). */
final class JsonFields {

    private static final int MAX_LONG_DIGITS = 18;

    private JsonFields() {
    }

    /** The first of the named fields that is present and not JSON null, or null. */
    static JsonNode first(final JsonNode object, final String... names) {
        for (final String name : names) {
            final JsonNode node = object.get(name);
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    /**
     * The first of the nested fields present and not JSON null, each given as its path of names
     * ({@code {"log", "syslog", "hostname"}} for ECS's {@code log.syslog.hostname}), or null.
     */
    static JsonNode firstAt(final JsonNode object, final String[]... paths) {
        for (final String[] path : paths) {
            JsonNode node = object;
            for (int i = 0; i < path.length && node != null; i++) {
                node = node.isObject() ? node.get(path[i]) : null;
            }
            if (node != null && !node.isNull()) {
                return node;
            }
        }
        return null;
    }

    /** {@link #text} of the first of the nested fields ({@link #firstAt}) that holds text. */
    static String textAt(final JsonNode object, final String[]... paths) {
        for (final String[] path : paths) {
            final String value = textOf(firstAt(object, path));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Whether the object has any of the named fields (JSON null and empty included). */
    static boolean hasAny(final JsonNode object, final String... names) {
        for (final String name : names) {
            if (object.has(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first of the named fields as text: strings as they are, numbers and booleans as printed;
     * null when none is present, or for an empty string or the syslog nil value {@code -}.
     */
    static String text(final JsonNode object, final String... names) {
        return textOf(first(object, names));
    }

    /** A value node as text; null for none, an object or array, an empty string or the syslog nil value. */
    private static String textOf(final JsonNode node) {
        if (node == null || !node.isValueNode()) {
            return null;
        }
        final String value = node.asText();
        return value.isEmpty() || "-".equals(value) ? null : value;
    }

    /** A pid from a number or numeric string; null for anything else (negative, fractional, too big). */
    static Integer pid(final JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() && node.intValue() >= 0 ? node.intValue() : null;
        }
        if (node.isTextual()) {
            final String s = node.textValue().strip();
            return SyslogTag.parsePid(s, 0, s.length());
        }
        return null;
    }

    /** A non-negative long from a number or a digit string (journald writes numbers as strings); else null. */
    static Long longValue(final JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.longValue() >= 0 ? node.longValue() : null;
        }
        if (!node.isTextual()) {
            return null;
        }
        final String s = node.textValue().strip();
        if (s.isEmpty() || s.length() > MAX_LONG_DIGITS) {
            return null;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
