package cacherr.adapters.web.browser;

import cacherr.adapters.web.CacherrWebServer;
import cacherr.adapters.web.WebSettings;
import cacherr.adapters.web.browser.fixtures.HomeLibrary;
import cacherr.adapters.web.fixtures.BoundedCounting;
import cacherr.application.Cacherr;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The real web server on a free loopback port, over an in-memory library; plus a plain HTTP client to check. */
final class ServedLibrary implements AutoCloseable {
    static final String TOKEN = "page-test-token-0123456789";

    final HomeLibrary library;
    private final CacherrWebServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private boolean stopped;

    private ServedLibrary(HomeLibrary library, Cacherr app, String token) {
        this.library = library;
        WebSettings settings = WebSettings.DEFAULTS.withPort(0).withApiToken(token).withVersion("test");
        this.server = new CacherrWebServer(app, settings, library.memory().storage()::space).start();
    }

    static ServedLibrary serve(HomeLibrary library) {
        return new ServedLibrary(library, library.memory().app(), null);
    }

    static ServedLibrary serveWithToken(HomeLibrary library) {
        return new ServedLibrary(library, library.memory().app(), TOKEN);
    }

    /** Over books that count as a large store does: a lower bound past the counting bound ({@link BoundedCounting}). */
    static ServedLibrary serveCountingAsALargeStore(HomeLibrary library) {
        return new ServedLibrary(library, BoundedCounting.app(library.memory()), null);
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    HttpResponse<String> get(String pathAndQuery) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(pathAndQuery))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The envelope of a GET, as JSON. */
    JsonNode envelope(String pathAndQuery) {
        try {
            return json.readTree(get(pathAndQuery).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String statusOf(String filename) {
        return envelope("/api/cached/files/" + library.file(filename).id().value()).path("data").path("status").asText();
    }

    void stop() {
        if (!stopped) server.stop();
        stopped = true;
    }

    @Override
    public void close() {
        stop();
    }
}
