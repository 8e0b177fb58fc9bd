package io.oomstream.app;

import io.oomstream.config.AppConfig;
import io.oomstream.topology.TopicPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks before starting that the brokers answer and the topics exist, so a wrong address or
 * a missing topic is one clear sentence instead of endless client retries in the log.
 */
final class Preflight {

    private Preflight() {
    }

    /** Problems found; empty when the cluster is reachable and every topic exists. */
    static List<String> check(final AppConfig config, final Duration timeout) {
        final Properties p = new Properties();
        config.kafka().forEach((k, v) -> {
            final String key = (String) k;
            if (AdminClientConfig.configNames().contains(key)) {
                p.put(key, v);
            }
        });
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        final List<String> problems = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            final Set<String> topics;
            try {
                admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                topics = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final TimeoutException | ExecutionException e) {
                problems.add("cannot reach the Kafka cluster at bootstrap.servers=" + config.bootstrapServers()
                        + " within " + timeout.toSeconds() + " s (" + rootMessage(e) + "); check the address, "
                        + "security.protocol and credentials");
                return problems;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted while contacting Kafka");
                return problems;
            }
            for (final String t : TopicPlan.names(config)) {
                if (!topics.contains(t)) {
                    problems.add("topic '" + t + "' does not exist; create the topics with `oomstream topics create` "
                            + "or set the matching oomstream.*.topic key");
                }
            }
        }
        return problems;
    }

    /**
     * The innermost cause as {@code Class: message}; a failed TLS handshake is named as such with its reason (the
     * root alone, e.g. a certification path error, does not say it was the broker's certificate).
     */
    static String rootMessage(final Throwable e) {
        Throwable t = e;
        boolean tls = false;
        while (t.getCause() != null) {
            tls |= t instanceof org.apache.kafka.common.errors.SslAuthenticationException;
            t = t.getCause();
        }
        tls |= t instanceof org.apache.kafka.common.errors.SslAuthenticationException;
        final String root = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return tls ? "TLS handshake failed: " + root + "; is the broker's certificate trusted by ssl.truststore.location?"
                : root;
    }
}
