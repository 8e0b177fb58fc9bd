package io.oomstream.app;

import io.oomstream.broker.TopicsReady;
import io.oomstream.config.AppConfig;
import io.oomstream.config.KafkaOptions;
import io.oomstream.topology.TopicPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code oomstream topics create|list}: the topics oomstream needs, with their settings. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Creates (or lists) every topic oomstream reads or writes, with the settings it needs:",
                "input with LogAppendTime (shippers stamp records with log time, which a broker may refuse),",
                "incidents, kill counts and fleet metadata compacted. Existing topics are left as they are."})
public final class TopicsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION", description = "create or list")
    private String action;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of keyed topics (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--replication-factor", defaultValue = "-1", description = "Replication factor (default: the broker's).")
    private short replication;

    @Override
    public Integer call() throws Exception {
        final AppConfig config;
        try {
            config = kafka.load();
        } catch (final AppConfig.InvalidConfigException e) {
            e.problems().forEach(p -> System.err.println("oomstream topics: " + p));
            return RunCommand.EXIT_CONFIG;
        }
        final List<NewTopic> plan = TopicPlan.topics(config, partitions, replication);
        if ("list".equals(action)) {
            plan.forEach(t -> System.out.println(t.name() + " partitions=" + t.numPartitions() + " " + t.configs()));
            return 0;
        }
        if (!"create".equals(action)) {
            System.err.println("oomstream topics: unknown action '" + action + "' (create or list)");
            return RunCommand.EXIT_CONFIG;
        }
        final Properties p = new Properties();
        config.kafka().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains((String) k)) {
                p.put(k, v);
            }
        });
        try (Admin admin = Admin.create(p)) {
            return create(admin, plan);
        } catch (final ExecutionException | TimeoutException e) {
            // A wrong password or an untrusted certificate: one line naming the cause, not a stack trace.
            System.err.println("oomstream topics: cannot create topics at bootstrap.servers=" + config.bootstrapServers()
                    + " (" + Preflight.rootMessage(e) + "); check the address, security.protocol and credentials");
            return RunCommand.EXIT_UNREACHABLE;
        } catch (final IllegalStateException e) {
            System.err.println("oomstream topics: " + e.getMessage());
            return RunCommand.EXIT_UNREACHABLE;
        }
    }

    private static int create(final Admin admin, final List<NewTopic> plan)
            throws ExecutionException, InterruptedException, TimeoutException {
        final Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        final List<NewTopic> missing = new ArrayList<>();
        for (final NewTopic t : plan) {
            if (existing.contains(t.name())) {
                System.out.println("exists:  " + t.name());
            } else {
                missing.add(t);
            }
        }
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        // `topics create && oomstream run` must not start before the broker can describe what was created.
        TopicsReady.await(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(60));
        missing.forEach(t -> System.out.println("created: " + t.name() + " " + t.configs()));
        return 0;
    }
}
