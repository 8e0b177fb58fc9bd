package io.oomstream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package plan (docs/architecture.md), checked on the compiled main classes: every arrow between
 * oomstream's packages is one of {@link #ALLOWED}, no cycle among packages, and Kafka only where records meet
 * topics. A sub-package belongs to its top-level package ({@code kernel.rules} is {@code kernel}).
 */
class ArchitectureTest {

    /** The engines and their data: no Kafka, no CLI. */
    private static final Set<String> DOMAIN = Set.of(
            "kernel", "syslog", "stitch", "event", "enrich", "incident", "count", "sink", "metrics", "alert", "config",
            "explain");

    /** Package -> the packages it may use. A package missing here fails the test until it is placed. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            // the grammar of the kernel's text and the transports that carry it
            Map.entry("kernel", Set.of()),
            Map.entry("syslog", Set.of("kernel")),
            // the event and the engines that make and read it
            Map.entry("event", Set.of()),
            Map.entry("stitch", Set.of("event", "kernel", "syslog", "explain")),
            // why this victim, what filled memory: reasoning over an event's numbers, Kafka-free
            Map.entry("explain", Set.of("event")),
            // puts a host's lines back in order before the stitcher
            Map.entry("reorder", Set.of("kernel", "syslog", "stitch")),
            Map.entry("enrich", Set.of("event")),
            Map.entry("incident", Set.of("event", "enrich")),
            Map.entry("count", Set.of("event", "enrich", "incident")),
            Map.entry("sink", Set.of("event", "enrich", "incident", "count")),
            Map.entry("alert", Set.of("config", "event", "enrich", "incident", "metrics")),
            Map.entry("metrics", Set.of()),
            Map.entry("config", Set.of()),
            // the stream wiring: Kafka Streams adapters over the engines
            Map.entry("topology", Set.of("config", "metrics", "kernel", "syslog", "stitch", "reorder", "event", "enrich",
                    "incident", "count", "sink")),
            // the command line: the one place that knows everything (it lists the tools' commands too)
            Map.entry("app", Set.of("config", "metrics", "kernel", "syslog", "stitch", "event", "enrich", "incident",
                    "count", "sink", "alert", "topology", "offline", "loadgen", "broker", "bench")),
            // the tools, apart from the product: they use it, it never uses them
            Map.entry("offline", Set.of("config", "metrics", "kernel", "syslog", "stitch", "event", "enrich",
                    "incident", "count")),
            Map.entry("loadgen", Set.of("config", "kernel", "offline")),
            Map.entry("broker", Set.of()),
            Map.entry("bench", Set.of("config", "metrics", "kernel", "syslog", "stitch", "reorder", "event", "topology",
                    "offline", "loadgen", "broker")));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.oomstream");
    }

    @Test
    void everyArrowBetweenPackagesIsAnAllowedOne() {
        final Set<String> unplanned = new TreeSet<>();
        final Set<String> forbidden = new TreeSet<>();
        for (final JavaClass c : classes) {
            final Optional<String> from = topLevel(c);
            if (from.isEmpty()) {
                continue;
            }
            if (!ALLOWED.containsKey(from.get())) {
                unplanned.add(from.get());
                continue;
            }
            for (final Dependency d : c.getDirectDependenciesFromSelf()) {
                topLevel(d.getTargetClass())
                        .filter(to -> !to.equals(from.get()) && !ALLOWED.get(from.get()).contains(to))
                        .ifPresent(to -> forbidden.add(from.get() + " -> " + to + ": " + d.getDescription()));
            }
        }
        assertEquals(Set.of(), unplanned, "packages not placed in ArchitectureTest.ALLOWED");
        assertEquals(Set.of(), forbidden, "arrows the package plan does not allow");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.oomstream.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void kafkaOnlyInTheStreamWiringTheAppAndTheTools() {
        noClasses().that().resideInAnyPackage(DOMAIN.stream().filter(p -> !p.equals("config"))
                        .map(p -> "io.oomstream." + p + "..").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("the engines run offline (analyze) exactly as in the topology")
                .check(classes);
    }

    /**
     * The settings validate Kafka keys with Kafka's own definitions and build the Streams properties: they may
     * read Kafka's config classes, nothing that moves records.
     */
    @Test
    void configReadsOnlyKafkasConfigDefinitions() {
        noClasses().that().resideInAPackage("io.oomstream.config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams.kstream..",
                        "org.apache.kafka.streams.processor..", "org.apache.kafka.streams.state..",
                        "org.apache.kafka.common.serialization..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.streams.KafkaStreams")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.admin.Admin")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.producer.KafkaProducer")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.clients.consumer.KafkaConsumer")
                .check(classes);
    }

    @Test
    void theDomainPackagesAreKnownToThePlan() {
        assertTrue(ALLOWED.keySet().containsAll(DOMAIN));
    }

    private static Optional<String> topLevel(final JavaClass c) {
        final String name = c.getPackageName();
        if (!name.startsWith("io.oomstream.")) {
            return Optional.empty();
        }
        final String rest = name.substring("io.oomstream.".length());
        final int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }
}
