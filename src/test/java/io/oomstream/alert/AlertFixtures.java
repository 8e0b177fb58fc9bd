package io.oomstream.alert;

import io.oomstream.event.Json;
import io.oomstream.incident.IncidentRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Incident records of src/test/resources/alerts, read as the incidents topic carries them. */
public final class AlertFixtures {

    public static final String WEB_01_FIRST_KILL = "host-incident-web-01-open-first-kill.json";
    public static final String WEB_01_CASCADE = "host-incident-web-01-open-cascade.json";
    public static final String WEB_01_CLOSED = "host-incident-web-01-closed-cascade.json";
    public static final String DB_07_NO_FLEET = "host-incident-db-07-open-no-fleet-metadata.json";
    public static final String FLEET_TOMCAT = "fleet-incident-service-tomcat-open.json";

    private AlertFixtures() {
    }

    public static byte[] bytes(final String name) {
        try (InputStream in = AlertFixtures.class.getResourceAsStream("/alerts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static IncidentRecord record(final String name) {
        try {
            return Json.MAPPER.readValue(bytes(name), IncidentRecord.class);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
