package io.oomstream.enrich;

/**
 * The service a kill is attributed to and why.
 *
 * @param service     the service name, null when nothing names it (no victim, no unit)
 * @param rule        the rule that decided, null with a null service
 * @param podUid      Kubernetes pod uid from the memcg path, or null
 * @param containerId container id from the memcg path, or null
 */
public record Attribution(String service, ServiceRule rule, String podUid, String containerId) {

    /** Nothing known. */
    public static final Attribution NONE = new Attribution(null, null, null, null);
}
