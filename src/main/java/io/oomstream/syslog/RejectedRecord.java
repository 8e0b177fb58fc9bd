package io.oomstream.syslog;

/**
 * A record that cannot be decoded, with the short reason reported in {@link Decoded#error()}.
 * Checked so that no parser can forget it; no stack trace, because rejection is a normal,
 * frequent outcome on hostile input and must stay cheap.
 */
final class RejectedRecord extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedRecord(final String reason) {
        super(reason, null, false, false);
    }
}
