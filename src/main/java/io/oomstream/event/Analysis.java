package io.oomstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the report means, computed from its own lines only.
 *
 * @param topConsumers      task names holding the most RSS (largest first)
 * @param victimShare       the victim's RSS as a fraction of the table's total RSS
 * @param swapExhausted     swap configured and none free; null when swap was not printed
 * @param fragmented        free memory present but no free block at the failing order; null when buddy lists or order are unknown
 * @param reportSpanSeconds wall-clock seconds from the first to the last line of the report
 * @param thrashing         the report took so long to write that the host was thrashing
 * @param verdict           one plain sentence an operator can act on
 * @param victimRanking     why the kernel chose this victim (kernel kills only); left out when null
 * @param composition       what filled memory, dominant first; left out when nothing crossed its threshold
 */
public record Analysis(List<Consumer> topConsumers, Double victimShare, Boolean swapExhausted, Boolean fragmented,
                       Long reportSpanSeconds, Boolean thrashing, String verdict,
                       @JsonInclude(JsonInclude.Include.NON_NULL) VictimRanking victimRanking,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CompositionFinding> composition) {

    /** An analysis without ranking or composition (userspace and unit kills, older callers). */
    public Analysis(final List<Consumer> topConsumers, final Double victimShare, final Boolean swapExhausted,
                    final Boolean fragmented, final Long reportSpanSeconds, final Boolean thrashing,
                    final String verdict) {
        this(topConsumers, victimShare, swapExhausted, fragmented, reportSpanSeconds, thrashing, verdict, null, null);
    }
}
