package io.oomstream.event;

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
 */
public record Analysis(List<Consumer> topConsumers, Double victimShare, Boolean swapExhausted, Boolean fragmented,
                       Long reportSpanSeconds, Boolean thrashing, String verdict) {
}
