package io.oomstream.app;

import java.nio.file.Path;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Another instance (a second {@code oomstream run}, or one not yet stopped) holds the state directory: Kafka
 * Streams locks it, and two instances on one directory would corrupt each other's stores.
 */
public final class StateDirInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StateDirInUseException(final Path stateDir, final Throwable cause) {
        super("state directory " + stateDir + " is in use by another oomstream instance; stop it, or give each "
                + "instance its own oomstream.state.dir", cause);
    }

    /** Whether Kafka Streams refused to start because it could not lock its state directory. */
    static boolean isLockFailure(final StreamsException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            final String m = t.getMessage();
            if (m != null && (m.contains("Unable to initialize state") || m.contains("already locked"))) {
                return true;
            }
        }
        return false;
    }
}
