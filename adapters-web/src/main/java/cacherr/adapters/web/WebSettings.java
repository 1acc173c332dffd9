package cacherr.adapters.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP API is served.
 *
 * @param host            address to bind; loopback unless configured otherwise
 * @param port            port to bind; 0 picks a free one
 * @param apiToken        token every changing request (POST, PUT, PATCH, DELETE) must carry, or null for none
 * @param corsOrigins     origins a browser may call the API from (scheme://host[:port]); empty keeps CORS closed
 * @param maxRequestBytes largest request body accepted
 * @param version         the version {@code /health} reports
 * @param allowedHosts    host names the service answers to besides IP literals, {@code localhost}, local names and
 *                        this machine's name ({@code CACHERR_ALLOWED_HOSTS}; {@code *}: any host, no DNS-rebinding
 *                        guard); see {@link HostCheck}
 */
public record WebSettings(String host, int port, String apiToken, List<String> corsOrigins, long maxRequestBytes,
                          String version, List<String> allowedHosts) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5445;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    public static final WebSettings DEFAULTS = new WebSettings(DEFAULT_HOST, DEFAULT_PORT, null, List.of(),
            DEFAULT_MAX_REQUEST_BYTES, "unknown", List.of());

    public WebSettings {
        if (host == null || host.isBlank()) host = DEFAULT_HOST;
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        if (apiToken != null && apiToken.isBlank()) apiToken = null;
        if (apiToken != null && apiToken.length() < 16) {
            throw new IllegalArgumentException("the API token must be at least 16 characters");
        }
        corsOrigins = List.copyOf(Objects.requireNonNullElse(corsOrigins, List.of()));
        for (String origin : corsOrigins) {
            if (origin.isBlank() || origin.contains("*")) {
                throw new IllegalArgumentException("a CORS origin must be one exact origin, not '" + origin + "'");
            }
        }
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
        if (version == null || version.isBlank()) version = "unknown";
        allowedHosts = List.copyOf(Objects.requireNonNullElse(allowedHosts, List.<String>of()).stream()
                .map(String::strip).toList());
        for (String name : allowedHosts) {
            String problem = name.isEmpty() ? "a host name, not nothing (two commas in a row?)"
                    : HostCheck.problemWith(name);
            if (problem != null) {
                throw new IllegalArgumentException(HostCheck.SETTING + " takes host names separated by commas;"
                        + " '" + name + "' is not one: it must be " + problem);
            }
        }
    }

    /** Settings that answer to the default hosts only (IP literals, localhost, local names, this machine's name). */
    public WebSettings(String host, int port, String apiToken, List<String> corsOrigins, long maxRequestBytes,
                       String version) {
        this(host, port, apiToken, corsOrigins, maxRequestBytes, version, List.of());
    }

    public WebSettings withAllowedHosts(List<String> hosts) {
        return new WebSettings(host, port, apiToken, corsOrigins, maxRequestBytes, version, hosts);
    }

    public WebSettings withPort(int newPort) {
        return new WebSettings(host, newPort, apiToken, corsOrigins, maxRequestBytes, version, allowedHosts);
    }

    public WebSettings withApiToken(String token) {
        return new WebSettings(host, port, token, corsOrigins, maxRequestBytes, version, allowedHosts);
    }

    public WebSettings withCorsOrigins(List<String> origins) {
        return new WebSettings(host, port, apiToken, origins, maxRequestBytes, version, allowedHosts);
    }

    public WebSettings withMaxRequestBytes(long bytes) {
        return new WebSettings(host, port, apiToken, corsOrigins, bytes, version, allowedHosts);
    }

    public WebSettings withVersion(String newVersion) {
        return new WebSettings(host, port, apiToken, corsOrigins, maxRequestBytes, newVersion, allowedHosts);
    }

    /** True when the bind address is a loopback address (only this machine can connect). */
    public boolean bindsLoopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
    }

    /** Never shows the token: settings get logged. */
    @Override
    public String toString() {
        return "WebSettings[host=" + host + ", port=" + port + ", apiToken=" + (apiToken == null ? "none" : "***")
                + ", corsOrigins=" + corsOrigins + ", maxRequestBytes=" + maxRequestBytes + ", version=" + version
                + ", allowedHosts=" + allowedHosts + "]";
    }
}
