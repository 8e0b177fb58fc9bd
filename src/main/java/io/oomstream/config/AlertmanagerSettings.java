package io.oomstream.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Alertmanager stage of {@code run}: off unless {@code oomstream.alertmanager.urls} lists at least one
 * Alertmanager. Every other field passes through to the HTTP client that posts the alerts.
 *
 * @param urls               Alertmanager base URLs ({@code http://am:9093}); every one receives every alert, as
 *                           Prometheus does with an Alertmanager cluster
 * @param resend             how often an open incident's alert is posted again
 * @param timeout            connect and request timeout of one post
 * @param linkTemplate       the alert's link, see {@link #DEFAULT_LINK_TEMPLATE} for the placeholders
 * @param bearerToken        {@code Authorization: Bearer}; empty when unset
 * @param basicAuthUsername  basic auth user; empty when unset
 * @param basicAuthPassword  basic auth password
 * @param truststore         PKCS12 or JKS trust store for https; null: the JVM's default trust
 * @param truststorePassword its password
 * @param keystore           PKCS12 or JKS key store with a client certificate (mutual TLS); null when none
 * @param keystorePassword   its password (also the key's)
 */
public record AlertmanagerSettings(List<URI> urls, Duration resend, Duration timeout, String linkTemplate,
                                   String bearerToken, String basicAuthUsername, String basicAuthPassword,
                                   Path truststore, String truststorePassword, Path keystore,
                                   String keystorePassword) {

    /**
     * The provisioned Grafana dashboard around the incident. Placeholders, URL-encoded when filled:
     * {@code {host}}, {@code {service}}, {@code {team}}, {@code {environment}}, {@code {datacenter}},
     * {@code {incident_id}} (an unknown value becomes {@code $__all}, Grafana's "All"), {@code {from}} and
     * {@code {to}} (epoch milliseconds: 15 minutes before the first kill, 15 minutes after the close or
     * {@code now}).
     */
    public static final String DEFAULT_LINK_TEMPLATE = "http://localhost:3000/d/oomstream-overview/oomstream"
            + "?from={from}&to={to}&var-environment={environment}&var-datacenter={datacenter}&var-team={team}"
            + "&var-host={host}";

    public AlertmanagerSettings {
        urls = List.copyOf(urls);
    }

    /** Whether {@code run} starts the stage. */
    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Secrets masked. */
    @Override
    public String toString() {
        return "AlertmanagerSettings[urls=" + urls + ", resend=" + resend + ", timeout=" + timeout + ", linkTemplate="
                + linkTemplate + ", bearerToken=" + mask(bearerToken) + ", basicAuthUsername=" + basicAuthUsername
                + ", basicAuthPassword=" + mask(basicAuthPassword) + ", truststore=" + truststore
                + ", truststorePassword=" + mask(truststorePassword) + ", keystore=" + keystore
                + ", keystorePassword=" + mask(keystorePassword) + "]";
    }

    private static String mask(final String secret) {
        return secret == null || secret.isEmpty() ? "" : "[hidden]";
    }
}
