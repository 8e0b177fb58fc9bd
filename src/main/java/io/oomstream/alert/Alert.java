package io.oomstream.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.oomstream.event.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as Alertmanager's v2 API takes it ({@code postableAlert}). Alertmanager identifies an alert by its
 * label set alone (the fingerprint), so the same labels posted again, by this instance or another, after a
 * restart or a rebalance, update one alert instead of adding a second.
 *
 * @param labels       identity and routing: derived from the incident only, never from time or instance
 * @param annotations  what the page says
 * @param startsAt     when the incident began
 * @param endsAt       when the alert stops firing: in the past for a resolved alert, a few resend intervals
 *                     ahead for a firing one (so it expires if oomstream stops posting)
 * @param generatorUrl the link, or null
 */
public record Alert(SortedMap<String, String> labels, Map<String, String> annotations, Instant startsAt,
                    Instant endsAt, String generatorUrl) {

    public Alert {
        labels = new TreeMap<>(labels);
        annotations = Map.copyOf(annotations);
    }

    /** Whether the alert is resolved at {@code now}. */
    public boolean resolvedAt(final Instant now) {
        return !endsAt.isAfter(now);
    }

    /** The body of {@code POST /api/v2/alerts}: a JSON array. */
    public static String toJson(final List<Alert> alerts) {
        final ArrayNode array = Json.MAPPER.createArrayNode();
        for (final Alert a : alerts) {
            final ObjectNode o = array.addObject();
            final ObjectNode labels = o.putObject("labels");
            a.labels().forEach(labels::put);
            final ObjectNode annotations = o.putObject("annotations");
            new TreeMap<>(a.annotations()).forEach(annotations::put);
            o.put("startsAt", a.startsAt().toString());
            o.put("endsAt", a.endsAt().toString());
            if (a.generatorUrl() != null) {
                o.put("generatorURL", a.generatorUrl());
            }
        }
        return array.toString();
    }
}
