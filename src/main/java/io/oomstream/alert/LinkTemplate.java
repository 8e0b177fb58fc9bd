package io.oomstream.alert;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert's link: a URL with {@code {name}} placeholders (see
 * {@code io.oomstream.config.AlertmanagerSettings#DEFAULT_LINK_TEMPLATE}), each replaced by its URL-encoded
 * value. A placeholder without a value becomes {@code $__all} (Grafana's "All" for a dashboard variable), so a
 * link never filters on an empty string; an unknown placeholder is left as written, so a typo shows in the link.
 */
public final class LinkTemplate {

    /** Grafana's value for "all values" of a multi-value variable. */
    static final String ALL = "$__all";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final String template;

    public LinkTemplate(final String template) {
        this.template = template;
    }

    /** The link with {@code values} filled in; names missing from {@code values} are left as written. */
    public String render(final Map<String, String> values) {
        final Matcher m = PLACEHOLDER.matcher(template);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String name = m.group(1);
            final String replacement;
            if (!values.containsKey(name)) {
                replacement = m.group();
            } else {
                final String v = values.get(name);
                replacement = URLEncoder.encode(v == null || v.isEmpty() ? ALL : v, StandardCharsets.UTF_8);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether a rendered link can be Alertmanager's {@code generatorURL} (an absolute http(s) URL). */
    static boolean isHttpUrl(final String link) {
        return link.startsWith("http://") || link.startsWith("https://");
    }
}
