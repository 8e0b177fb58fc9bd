package io.oomstream.topology;

import io.oomstream.event.OomEvent;
import java.util.List;

/** A host's recently emitted events, as kept in {@link Names#STITCH_RECENT_STORE}. */
record RecentEvents(List<OomEvent> events) {
}
