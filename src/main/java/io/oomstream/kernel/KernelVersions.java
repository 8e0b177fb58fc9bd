package io.oomstream.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a printed kernel version ({@code 2.6.32-431.el6.x86_64}, {@code 5.15.0-91-generic}) to its era. */
public final class KernelVersions {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private KernelVersions() {
    }

    /** The era of a kernel version string, or null when it cannot be read. */
    public static KernelEra eraOf(final String version) {
        if (version == null) {
            return null;
        }
        final Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return null;
        }
        final int major = part(m.group(1));
        final int minor = part(m.group(2));
        final int patch = m.group(3) == null ? 0 : part(m.group(3));
        if (major < 0 || minor < 0 || patch < 0) {
            return null;
        }
        if (major >= 6) {
            return KernelEra.E6;
        }
        if (major == 5) {
            return KernelEra.E5;
        }
        if (major >= 3 && (major > 3 || minor >= 8)) {
            return KernelEra.E4;
        }
        if (major == 3) {
            return version.contains(".el7") ? KernelEra.E4 : KernelEra.E3;
        }
        if (major == 2 && minor == 6) {
            if (patch <= 18) {
                return KernelEra.E1;
            }
            if (patch >= 36 || version.contains(".el6")) {
                return KernelEra.E3;
            }
            return KernelEra.E2;
        }
        return major < 2 || (major == 2 && minor < 6) ? KernelEra.E1 : null;
    }

    /** One part of a version; -1 when too long to be one (an int overflow, found by fuzzing a stack header). */
    private static int part(final String digits) {
        return digits.length() > 9 ? -1 : Integer.parseInt(digits);
    }
}
