package io.oomstream.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.oomstream.event.EventKind;
import io.oomstream.testing.EventSchema;
import io.oomstream.testing.Events;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each attribution rule on its own, then their order. */
class ServiceAttributionTest {

    private static final String T = "2026-03-01T12:00:00Z";
    private static final FleetHost TOMCAT_HOST = new FleetHost("web-01.dc1.example.com", "dc1", "prod", "web", "web",
            16_000_000L, "5.15", "#web", List.of(
                    new Service("tomcat", List.of("java"), List.of("tomcat9.service"), true),
                    new Service("reporting", List.of("report-generator-daemon"), List.of(), false)));

    @Test
    void shouldTakeTheServiceFromASystemdMemcgPath() {
        final Attribution a = attribute(Events.kill("h", T, "apache2").taskMemcg("/system.slice/apache2.service"), null);

        assertEquals(new Attribution("apache2", ServiceRule.MEMCG_PATH, null, null), a);
    }

    @Test
    void shouldFallBackToTheOomMemcgWhenTheTaskMemcgSaysNothing() {
        final Attribution a = attribute(Events.kill("h", T, "python3").taskMemcg("/user.slice/user-1000.slice/session-7.scope")
                .oomMemcg("/system.slice/worker-pool.service"), null);

        assertEquals(new Attribution("worker-pool", ServiceRule.MEMCG_PATH, null, null), a);
    }

    @Test
    void shouldGivePodAndContainerOfACgroupfsKubepodsPathAndLetTheNextRuleNameTheService() {
        final Attribution a = attribute(Events.kill("k8s-w-12", T, "java").taskMemcg(
                "/kubepods/burstable/pod8f3c2b1e-5d4a-4c2b-9e1f-0a1b2c3d4e5f/"
                        + "4b1f9e7c2a8d6053e1f4c7b2a9d8e6f5c3b1a0d9e8f7c6b5a4d3c2b1a0f9e8d7"), TOMCAT_HOST);

        assertEquals(new Attribution("tomcat", ServiceRule.FLEET_PROCESS_NAME, "8f3c2b1e-5d4a-4c2b-9e1f-0a1b2c3d4e5f",
                "4b1f9e7c2a8d6053e1f4c7b2a9d8e6f5c3b1a0d9e8f7c6b5a4d3c2b1a0f9e8d7"), a);
    }

    @Test
    void shouldGivePodAndContainerOfASystemdKubepodsPath() {
        final Attribution a = attribute(Events.kill("k8s", T, "node").taskMemcg(
                "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod3c1e9a2b_7d4f_4e1a_9b2c_5f6a7e8d9c0b.slice/"
                        + "cri-containerd-9d2f7c1b4e8a6d3f0c5b2e9a7d4c1f8e6b3a0d7c4f1e8b5a2d9c6f3e0b7a4d1c.scope"), null);

        assertEquals(new Attribution("node", ServiceRule.PROCESS_NAME, "3c1e9a2b-7d4f-4e1a-9b2c-5f6a7e8d9c0b",
                "9d2f7c1b4e8a6d3f0c5b2e9a7d4c1f8e6b3a0d7c4f1e8b5a2d9c6f3e0b7a4d1c"), a);
    }

    @Test
    void shouldGiveTheContainerOfADockerScopeButNoUnit() {
        final Attribution a = attribute(Events.kill("docker-host-2", T, "python3").taskMemcg(
                "/system.slice/docker-3f9c2a6b8e1d4f7a0b5c9e2d1a4f6b8c0e3d5a7b9c1e2f4a6b8d0c2e4f6a8b0c.scope"), null);

        assertEquals(new Attribution("python3", ServiceRule.PROCESS_NAME, null,
                "3f9c2a6b8e1d4f7a0b5c9e2d1a4f6b8c0e3d5a7b9c1e2f4a6b8d0c2e4f6a8b0c"), a);
    }

    @Test
    void shouldMapJavaOnATomcatHostToTomcat() {
        final Attribution a = attribute(Events.kill("web-01", T, "java"), TOMCAT_HOST);

        assertEquals(new Attribution("tomcat", ServiceRule.FLEET_PROCESS_NAME, null, null), a);
    }

    @Test
    void shouldMatchFleetProcessNamesOnTheKernelsFifteenCharacterTruncation() {
        final Attribution a = attribute(Events.kill("web-01", T, "report-generato"), TOMCAT_HOST);

        assertEquals(new Attribution("reporting", ServiceRule.FLEET_PROCESS_NAME, null, null), a);
    }

    @Test
    void shouldUseTheSystemdUnitLineWhenNeitherMemcgNorFleetNamesTheService() {
        final Attribution a = attribute(Events.kill("h", T, "php-fpm8.2").unit("php8.2-fpm.service"), null);

        assertEquals(new Attribution("php8.2-fpm", ServiceRule.SYSTEMD_UNIT, null, null), a);
    }

    @Test
    void shouldAttributeAUnitKillWithoutVictimByItsUnit() {
        final Attribution a = attribute(Events.kill(null, T, "x").kind(EventKind.UNIT_OOM_KILL).noVictim()
                .unit("apache2.service"), null);

        assertEquals(new Attribution("apache2", ServiceRule.SYSTEMD_UNIT, null, null), a);
    }

    @Test
    void shouldFallBackToTheProcessName() {
        final Attribution a = attribute(Events.kill("h", T, "mysqld"), null);

        assertEquals(new Attribution("mysqld", ServiceRule.PROCESS_NAME, null, null), a);
    }

    @Test
    void shouldPreferMemcgOverFleetOverUnitLineOverProcessName() {
        final Events all = Events.kill("web-01", T, "java").taskMemcg("/system.slice/tomcat9.service")
                .unit("other.service");

        assertEquals(new Attribution("tomcat", ServiceRule.MEMCG_PATH, null, null), attribute(all, TOMCAT_HOST),
                "the memcg unit wins, reported under the fleet's name for that unit");
        assertEquals(new Attribution("tomcat", ServiceRule.FLEET_PROCESS_NAME, null, null),
                attribute(Events.kill("web-01", T, "java").unit("other.service"), TOMCAT_HOST));
        assertEquals(new Attribution("other", ServiceRule.SYSTEMD_UNIT, null, null),
                attribute(Events.kill("web-01", T, "java").unit("other.service"), null));
    }

    @Test
    void shouldNotAttributeAnAllocationFailureNorAKillWithoutVictimOrUnit() {
        assertEquals(Attribution.NONE, attribute(Events.allocFailure("h", T), TOMCAT_HOST));
        assertEquals(Attribution.NONE, attribute(Events.kill("h", T, "x").noVictim(), TOMCAT_HOST));
    }

    @Test
    void shouldMarkAnEventOfAnUnknownHostUnknownAndStillAttributeIt() {
        final EnrichedEvent e = Events.kill("nobody-knows-me", T, "java").enriched(null);

        assertEquals(FleetStatus.UNKNOWN, e.fleetStatus());
        assertNull(e.fleet());
        assertEquals("java", e.service());
        EventSchema.assertValid("enriched-event.schema.json", e);
        EventSchema.assertValidEvent(e.event());
        final EnrichedEvent known = Events.kill("WEB-01", T, "java").enriched(TOMCAT_HOST);
        assertEquals(FleetStatus.KNOWN, known.fleetStatus());
        EventSchema.assertValid("enriched-event.schema.json", known);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "apache2.service, apache2",
        "apache2, apache2",
        "getty@tty1.service, getty",
        "postgresql@14-main.service, postgresql",
        "app-google\\x2dchrome.service, app-google-chrome",
        "session-7.scope, null",
        "user.slice, null",
        "null, null"})
    void shouldNameUnits(final String unit, final String name) {
        assertEquals(name, CgroupPath.unitName(unit));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
        // The session manager of a user is not the service of the desktop app below it.
        "/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-7801.scope, null",
        "/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service, syncthing",
        "/system.slice/foo.service/worker, foo",
        "/, null",
        "/lxc.payload.waydroid2, null"})
    void shouldFindTheDeepestServiceOfAPath(final String path, final String unit) {
        assertEquals(unit, CgroupPath.parse(path).unit());
    }

    private static Attribution attribute(final Events e, final FleetHost fleet) {
        return ServiceAttribution.attribute(e.build(), fleet);
    }
}
