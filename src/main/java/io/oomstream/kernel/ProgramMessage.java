package io.oomstream.kernel;

/**
 * What the grammar needs to know of a log line: the program that wrote it and its text. The transport's line
 * model ({@code io.oomstream.syslog.LogLine}) is one; the grammar itself knows nothing of transports.
 */
public interface ProgramMessage {

    /** The syslog tag / ident, e.g. {@code kernel}; null when the layout shows none (plain dmesg). */
    String program();

    /** The text after every transport prefix. */
    String message();

    /** True when the kernel wrote the line (tag {@code kernel}, or no tag at all). */
    default boolean fromKernel() {
        return kernelWrote(program());
    }

    /** Whether a line of {@code program} was written by the kernel: tag {@code kernel} in any case, or none. */
    static boolean kernelWrote(final String program) {
        // equals (an intrinsic) answers the common spelling before the char-by-char case-blind compare.
        return program == null || "kernel".equals(program) || "kernel".equalsIgnoreCase(program);
    }
}
