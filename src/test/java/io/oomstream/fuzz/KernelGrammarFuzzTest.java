package io.oomstream.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.oomstream.kernel.Classified;
import io.oomstream.kernel.KernelGrammar;
import io.oomstream.kernel.LineKind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the grammar: any message, kernel or not, classifies without throwing and within a bounded time (the rules are
 * regexes; a catastrophic backtrack would show up as a per-input timeout), and its named groups can be read.
 * The fuzzer may start from one of the kernel's own printk prefixes so the deeper rules are reached.
 */
class KernelGrammarFuzzTest {

    /** Prefixes of the printk formats the rules match (mm/oom_kill.c, mm/page_alloc.c, mm/memcontrol.c). */
    static final String[] PREFIXES = {
        "",
        "java invoked oom-killer: gfp_mask=0x",
        "Out of memory: Killed process ",
        "Memory cgroup out of memory: Killed process ",
        "Killed process 1234 (java) total-vm:",
        "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=",
        "Out of memory: Kill process 1 (x) score ",
        "oom_reaper: reaped process 1 (x), now anon-rss:",
        "[  pid  ]   uid  tgid total_vm      rss ",
        "[   1234]     0  1234 ",
        "Node 0 DMA32 free:44020kB min:",
        "Node 0 DMA32: 901*4kB (UME) ",
        "memory: usage 524288kB, limit ",
        "Task in /a killed as a result of limit of ",
        "Tasks in /x are going to be killed due to memory.oom.group set",
        "nginx: page allocation failure: order:4, mode:0x",
        "CPU: 1 PID: 22817 Comm: nginx Not tainted ",
        "active_anon:1 inactive_anon:2 ",
        "web.service: A process of this unit has been killed by the OOM killer.",
        "Killed /user.slice due to memory pressure for ",
    };

    @FuzzTest
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void classify(final FuzzedDataProvider data) {
        final boolean fromKernel = data.consumeBoolean();
        final String message = data.pickValue(PREFIXES) + data.consumeRemainingAsString();
        final Classified c = KernelGrammar.classify(message, fromKernel);
        assertNotNull(c.kind());
        assertTrue(c.kind() == LineKind.OTHER || c.kind() == LineKind.BLANK || c.rule() != null,
                () -> c.kind() + " without the rule that matched it");
        for (final String group : new String[] {"pid", "name", "uid", "score", "cg", "order", "rss"}) {
            c.group(group);
            c.longGroup(group);
            c.intGroup(group);
        }
    }
}
