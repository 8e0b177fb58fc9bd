package io.oomstream.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One app setting, declared once: its key, the built-in default, what it means, and how a value is read and
 * checked. {@link Settings} lists them all; {@link ConfigLoader} reads every one the same way, and the README's
 * configuration table is checked against the declarations (SettingsTableTest).
 *
 * @param key          the key, {@code oomstream.}...; the environment name is derived from it
 * @param defaultValue the built-in default as it would be written in the file
 * @param shownDefault the default as the documentation shows it (differs only where it depends on the machine)
 * @param expected     what a valid value is, ending "must be ..." in the error (empty: every value is valid)
 * @param secret       a value never printed, not even in an error
 * @param doc          what the setting means (one line of the README table)
 * @param read         the value, or empty when it is not valid
 * @param <T>          the type the accessor of {@link AppConfig} returns
 */
public record Setting<T>(String key, String defaultValue, String shownDefault, String expected, boolean secret,
                         String doc, Function<String, Optional<T>> read) {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String TOPIC_EXPECTED = "1..249 characters of [a-zA-Z0-9._-]";

    /** A topic name (also the application id and a group instance id: the same alphabet). */
    static Setting<String> topic(final String key, final String defaultValue, final String doc) {
        return new Setting<>(key, defaultValue, defaultValue, TOPIC_EXPECTED, false, doc, Setting::topicName);
    }

    /** Empty (off) or a name of the topic alphabet. */
    static Setting<String> optionalName(final String key, final String doc) {
        return new Setting<>(key, "", "", TOPIC_EXPECTED, false, doc,
                v -> v.isEmpty() ? Optional.of("") : topicName(v));
    }

    /** A duration in milliseconds within {@code [min, max]}. */
    static Setting<Duration> millis(final String key, final long defaultValue, final long min, final long max,
                                    final String doc) {
        return new Setting<>(key, Long.toString(defaultValue), Long.toString(defaultValue), "milliseconds >= " + min,
                false, doc, v -> number(v, min, max).map(Duration::ofMillis));
    }

    /** A duration in milliseconds, at least {@code min}. */
    static Setting<Duration> millis(final String key, final long defaultValue, final long min, final String doc) {
        return millis(key, defaultValue, min, Long.MAX_VALUE, doc);
    }

    /** A whole number within {@code [min, max]}, described as {@code expected} in an error. */
    static Setting<Integer> count(final String key, final int defaultValue, final long min, final long max,
                                  final String expected, final String doc) {
        return new Setting<>(key, Integer.toString(defaultValue), Integer.toString(defaultValue), expected, false, doc,
                v -> number(v, min, max).map(Math::toIntExact));
    }

    /** A byte count within {@code [min, Long.MAX_VALUE]}, described as {@code expected} in an error. */
    static Setting<Long> bytes(final String key, final long defaultValue, final long min, final String expected,
                               final String doc) {
        return new Setting<>(key, Long.toString(defaultValue), Long.toString(defaultValue), expected, false, doc,
                v -> number(v, min, Long.MAX_VALUE));
    }

    /** {@code true} or {@code false}, in any case. */
    static Setting<Boolean> bool(final String key, final boolean defaultValue, final String doc) {
        return new Setting<>(key, Boolean.toString(defaultValue), Boolean.toString(defaultValue), "true or false",
                false, doc, v -> {
                    final String lower = v.trim().toLowerCase(Locale.ROOT);
                    return "true".equals(lower) || "false".equals(lower) ? Optional.of(Boolean.parseBoolean(lower))
                            : Optional.empty();
                });
    }

    /** A directory path. */
    static Setting<Path> directory(final String key, final String defaultValue, final String shownDefault,
                                   final String doc) {
        return new Setting<>(key, defaultValue, shownDefault, "a directory path", false, doc, v -> {
            try {
                return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
            } catch (final InvalidPathException e) {
                return Optional.empty();
            }
        });
    }

    /** One of {@code choices}. */
    static Setting<String> choice(final String key, final List<String> choices, final String doc) {
        return choice(key, choices.get(0), choices, doc);
    }

    /** One of {@code choices}, {@code defaultValue} when unset. */
    static Setting<String> choice(final String key, final String defaultValue, final List<String> choices,
                                  final String doc) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException(key + ": default " + defaultValue + " is not one of " + choices);
        }
        return new Setting<>(key, defaultValue, defaultValue, "one of " + choices, false, doc,
                v -> choices.contains(v) ? Optional.of(v) : Optional.empty());
    }

    /** Any text; {@code secret} keeps it out of every message. */
    static Setting<String> text(final String key, final String defaultValue, final String shownDefault,
                                final boolean secret, final String doc) {
        return new Setting<>(key, defaultValue, shownDefault, "", secret, doc, Optional::of);
    }

    /** Empty (unset) or a readable file, checked now rather than at first use. */
    static Setting<Optional<Path>> readableFile(final String key, final String doc) {
        return new Setting<>(key, "", "", "a readable file", false, doc, v -> {
            if (v.isEmpty()) {
                return Optional.of(Optional.empty());
            }
            try {
                final Path p = Path.of(v);
                return Files.isReadable(p) ? Optional.of(Optional.of(p)) : Optional.empty();
            } catch (final InvalidPathException e) {
                return Optional.empty();
            }
        });
    }

    /** Comma-separated http(s) URLs; empty is none. */
    static Setting<List<URI>> urls(final String key, final String doc) {
        return new Setting<>(key, "", "", "comma-separated http(s) URLs, e.g. http://am:9093", false, doc, v -> {
            final List<URI> urls = new ArrayList<>();
            for (final String part : v.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                try {
                    final URI uri = new URI(part.trim());
                    if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                        urls.add(uri);
                        continue;
                    }
                } catch (final URISyntaxException e) {
                    // not a URL: invalid
                }
                return Optional.empty();
            }
            return Optional.of(List.copyOf(urls));
        });
    }

    /** The same setting with another check of the read value ({@code expected} still describes it). */
    Setting<T> and(final java.util.function.Predicate<T> valid) {
        return new Setting<>(key, defaultValue, shownDefault, expected, secret, doc,
                v -> read.apply(v).filter(valid));
    }

    private static Optional<String> topicName(final String v) {
        return TOPIC.matcher(v).matches() && !".".equals(v) && !"..".equals(v) ? Optional.of(v) : Optional.empty();
    }

    private static Optional<Long> number(final String v, final long min, final long max) {
        try {
            final long n = Long.parseLong(v);
            return n >= min && n <= max ? Optional.of(n) : Optional.empty();
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }
}
