package io.oomstream.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.oomstream.event.OomEvent;
import io.oomstream.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code vm.oom_kill_allocating_task=1} the kernel kills the task that was allocating, without ranking anyone,
 * and says so in the selection line ({@code Out of memory (oom_kill_allocating_task): Kill process ...}). The CentOS 7
 * paste of real-reports shows three such kills; each verdict says the victim was not chosen for its size.
 */
class AllocatingTaskVerdictTest {

    @Test
    void shouldSayTheAllocatingTaskWasChosenNotTheLargest() {
        final List<OomEvent> events = Fixtures.analyzeResource(
                "real-reports/centos7-3.10-messages-grep-separators-oom-kill-allocating-task-child-kills.log");

        assertEquals(4, events.size());
        for (final OomEvent kill : events.subList(0, 3)) {
            final String verdict = kill.analysis().verdict();
            assertTrue(verdict.contains("the kernel chose the task that was allocating when memory ran out "
                    + "(vm.oom_kill_allocating_task=1), not the largest"), verdict);
        }
    }
}
