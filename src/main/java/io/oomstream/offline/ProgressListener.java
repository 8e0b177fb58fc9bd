package io.oomstream.offline;

/** Told about every record read, so long runs can show progress. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = bytes -> { };

    void record(long bytes);
}
