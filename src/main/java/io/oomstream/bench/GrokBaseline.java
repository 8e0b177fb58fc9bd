package io.oomstream.bench;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Logstash-style baseline: what a grok filter chain does with the same lines, in java-grok (the Java
 * port of Logstash's grok, with its stock pattern library). Per line, as a Logstash pipeline would be
 * configured: {@code %{SYSLOGBASE} %{GREEDYDATA:message}} into fields, then for kernel lines a second grok
 * with one pattern per OOM-report line shape (first match wins, Logstash's {@code break_on_match}), and
 * the captures materialised as an event map. Patterns are anchored (Logstash best practice).
 *
 * <p>It only labels lines: no stitching, no per-host state, no event. That makes it a generous baseline:
 * it does less than the product. Not thread-safe.
 */
public final class GrokBaseline {

    /** The OOM line shapes a Logstash user would write patterns for (kernel messages, after the stamp). */
    static final List<String> KERNEL_PATTERNS = List.of(
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?%{DATA:comm} invoked oom-killer: gfp_mask=%{BASE16NUM:gfp_mask}"
                    + "(?:\\(%{DATA:gfp_flags}\\))?,(?: nodemask=%{DATA:nodemask},)?\\s+order=%{INT:order}"
                    + "%{GREEDYDATA:header_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?oom-killer: gfp_mask=%{BASE16NUM:gfp_mask}%{GREEDYDATA:header_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?(?:%{DATA:oom_prefix}: )?Killed process %{INT:victim_pid},?"
                    + "(?: UID %{INT:victim_uid},)? \\(%{DATA:victim}\\)%{GREEDYDATA:kill_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?%{DATA:oom_prefix}: [Kk]ill process %{INT:selected_pid} "
                    + "\\(%{DATA:selected}\\) score %{INT:score}%{GREEDYDATA:selection_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?oom-kill:constraint=%{WORD:constraint},%{GREEDYDATA:summary}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?oom_reaper: reaped process %{INT:reaped_pid} \\(%{DATA:reaped}\\)"
                    + "%{GREEDYDATA:reaper_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?\\[\\s*%{INT:task_pid}\\]\\s+%{INT:task_uid}\\s+%{INT:task_tgid}\\s+"
                    + "%{INT:task_total_vm}\\s+%{INT:task_rss}\\s+%{GREEDYDATA:task_rest}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?Mem-[Ii]nfo:",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?Free swap\\s*[=:]\\s*%{INT:free_swap_kb}kB",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?Total swap = %{INT:total_swap_kb}kB",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?%{INT:pages_ram} pages (?:of )?RAM",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?memory: usage %{INT:memcg_usage_kb}kB, limit %{INT:memcg_limit_kb}kB, "
                    + "failcnt %{INT:memcg_failcnt}",
            "^(?:\\[\\s*%{NUMBER:uptime}\\] )?%{DATA:alloc_comm}: page allocation failure[.:] order:%{INT:alloc_order}"
                    + "%{GREEDYDATA:alloc_rest}");

    private final Grok syslog;
    private final Grok[] kernel;
    private long matched;

    public GrokBaseline() {
        final GrokCompiler compiler = GrokCompiler.newInstance();
        compiler.registerDefaultPatterns();
        this.syslog = compiler.compile("^%{SYSLOGBASE} %{GREEDYDATA:message}", true);
        this.kernel = KERNEL_PATTERNS.stream().map(p -> compiler.compile(p, true)).toArray(Grok[]::new);
    }

    /** Lines whose kernel message matched an OOM pattern so far. */
    public long matched() {
        return matched;
    }

    /** Matches one line; returns the captured fields (empty when not syslog). */
    public Map<String, Object> match(final String line) {
        final Match m = syslog.match(line);
        final Map<String, Object> fields = m.capture();
        if (fields.isEmpty() || !"kernel".equals(fields.get("program"))) {
            return fields;
        }
        final String message = (String) fields.get("message");
        for (final Grok g : kernel) {
            final Match km = g.match(message);
            if (km != Match.EMPTY && !Boolean.TRUE.equals(km.isNull())) {
                final Map<String, Object> event = new HashMap<>(fields);
                event.putAll(km.capture());
                matched++;
                return event;
            }
        }
        return fields;
    }

    /** Reads the corpus and matches up to {@code maxLines} lines; returns the lines matched against. */
    public long run(final byte[] bytes, final long maxLines) {
        long n = 0;
        long fields = 0;
        try (BufferedReader r = Workloads.reader(bytes)) {
            String line;
            while (n < maxLines && (line = r.readLine()) != null) {
                fields += match(line).size();
                n++;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fields < 0) {
            throw new IllegalStateException("unreachable");
        }
        return n;
    }
}
