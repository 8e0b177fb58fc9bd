package io.oomstream.bench;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the side-by-side benches share: each build under test in a class loader of its own (its own classes, Jackson
 * and grammar: two builds of one class name side by side in one JVM), and the statistics of their per-round ratios.
 */
final class SideBySideJars {

    private SideBySideJars() {
    }

    /** A class loader for a whole jar ({@code target/oomstream.jar}), then {@code more} (a harness it lacks). */
    static ClassLoader load(final String jar, final URL... more) throws MalformedURLException {
        final URL[] urls = new URL[more.length + 1];
        urls[0] = Path.of(jar).toUri().toURL();
        System.arraycopy(more, 0, urls, 1, more.length);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    static double median(final List<Double> values) {
        return quantile(values, 0.5);
    }

    /** The q-quantile, interpolated between the two nearest values (the median of an even count: their mean). */
    static double quantile(final List<Double> values, final double q) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final double at = q * (sorted.size() - 1);
        final int lo = (int) Math.floor(at);
        final int hi = (int) Math.ceil(at);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (at - lo);
    }
}
