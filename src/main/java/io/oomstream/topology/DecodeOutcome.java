package io.oomstream.topology;

/**
 * What the decoder made of one line of an input record: a line for the stitcher, or the
 * record's raw bytes for the dead-letter topic (the reason travels in its headers).
 */
record DecodeOutcome(HostLine line, byte[] raw) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    boolean isDeadLetter() {
        return line == null;
    }
}
