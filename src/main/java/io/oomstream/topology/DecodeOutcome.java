package io.oomstream.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.oomstream.kernel.Classified;

/**
 * What the decoder made of one line of an input record: a line for the stitcher, or the
 * record's raw bytes for the dead-letter topic (the reason travels in its headers).
 *
 * <p>{@code classified} is the pre-filter's verdict on the line, handed to the stitcher in the same task so it does
 * not classify the line a second time (a storm's report lines spent a tenth of their time in the grammar, half of it
 * twice). It never travels: through the by-host repartition topic it is null, and the stitcher classifies again.
 * {@code progress} is set, alone, on a decode task's progress mark for the reorder stage.
 */
record DecodeOutcome(HostLine line, byte[] raw, @JsonIgnore Classified classified, SourceProgress progress) {

    DecodeOutcome(final HostLine line, final byte[] raw, final Classified classified) {
        this(line, raw, classified, null);
    }

    /** The form read from the by-host repartition topic (and the decoder's dead letters): no classification. */
    @JsonCreator
    DecodeOutcome(@JsonProperty("line") final HostLine line, @JsonProperty("raw") final byte[] raw,
                  @JsonProperty("progress") final SourceProgress progress) {
        this(line, raw, null, progress);
    }

    DecodeOutcome(final HostLine line, final byte[] raw) {
        this(line, raw, null, null);
    }

    /** A decode task's progress mark for the reorder stage (see {@link SourceProgress}). */
    static DecodeOutcome progress(final SourceProgress progress) {
        return new DecodeOutcome(null, null, null, progress);
    }

    @JsonIgnore
    boolean isDeadLetter() {
        return line == null && progress == null;
    }
}
