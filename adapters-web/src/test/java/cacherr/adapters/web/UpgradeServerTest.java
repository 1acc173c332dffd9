package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The stand-in that holds the port while the database is upgraded (issue 15, item 3). */
class UpgradeServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<UpgradeServer.UpgradeStatus> status = new AtomicReference<>(
            new UpgradeServer.UpgradeStatus(40, "step 2/10 v3 canonical tables: audit log rows, 400,000 of 1,000,000"));

    private static WebSettings on(int port) {
        return new WebSettings("127.0.0.1", port, "a-token-of-24-characters", List.of(), WebSettings.DEFAULT_MAX_REQUEST_BYTES, "9.9");
    }

    @Test
    void aHostItDoesNotAnswerToIsRefusedLikeTheRealServerDoes() throws Exception {
        try (UpgradeServer server = new UpgradeServer(on(0).withAllowedHosts(List.of("cacherr.example.org")),
                status::get).start()) {
            String health = raw(server, "/health", "evil.example:5445");
            assertTrue(health.startsWith("HTTP/1.1 403"), health);
            assertTrue(health.contains("Host 'evil.example' is not one this service answers to"), health);
            assertTrue(health.contains("CACHERR_ALLOWED_HOSTS"), health);
            assertFalse(health.contains("progress"), health);
            String page = raw(server, "/cached", "evil.example");
            assertTrue(page.startsWith("HTTP/1.1 403"), page);
            assertTrue(page.toLowerCase(java.util.Locale.ROOT).contains("content-type: text/html"), page);
            assertTrue(raw(server, "/health", "127.0.0.1:5445").startsWith("HTTP/1.1 503"));
            assertTrue(raw(server, "/health", "Cacherr.Example.org").startsWith("HTTP/1.1 503"));
        }
    }

    private static String raw(UpgradeServer server, String path, String host) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void healthSaysMigratingWithTheProgressOfTheMoment() throws Exception {
        try (UpgradeServer server = new UpgradeServer(on(0), status::get).start()) {
            HttpResponse<String> health = send(server, "GET", "/health");
            assertEquals(503, health.statusCode());
            assertEquals("no-store", health.headers().firstValue("Cache-Control").orElse(""));
            JsonNode body = json.readTree(health.body());
            assertFalse(body.get("success").asBoolean());
            assertEquals("migrating: Cacherr is upgrading its database: 40% done", body.get("error").asText());
            assertEquals("migrating", body.get("data").get("status").asText());
            assertEquals("9.9", body.get("data").get("version").asText());
            assertEquals(40, body.get("data").get("progress").get("percent").asInt());

            status.set(new UpgradeServer.UpgradeStatus(85, "step 7/10 v7 short-search index"));
            JsonNode later = json.readTree(send(server, "GET", "/health").body());
            assertEquals(85, later.get("data").get("progress").get("percent").asInt());
            assertEquals("step 7/10 v7 short-search index", later.get("data").get("progress").get("step").asText());
        }
    }

    @Test
    void everyApiRouteAndMethodAnswers503WithTheWords() throws Exception {
        try (UpgradeServer server = new UpgradeServer(on(0), status::get).start()) {
            for (String[] request : new String[][] {{"GET", "/api/cached/files"}, {"POST", "/api/cached/files"},
                {"DELETE", "/api/cached/files/x"}, {"GET", "/metrics"}, {"PUT", "/cached"}}) {
                HttpResponse<String> response = send(server, request[0], request[1]);
                assertEquals(503, response.statusCode(), request[0] + " " + request[1]);
                assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
                assertEquals("Cacherr is upgrading its database: 40% done; try again in a moment",
                        json.readTree(response.body()).get("error").asText());
            }
        }
    }

    @Test
    void pagesSayTheDatabaseIsBeingUpgradedAndReloadWhenDone() throws Exception {
        try (UpgradeServer server = new UpgradeServer(on(0), status::get).start()) {
            for (String path : new String[] {"/", "/cached", "/cached?view=users"}) {
                HttpResponse<String> page = send(server, "GET", path);
                assertEquals(200, page.statusCode());
                assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
                assertTrue(page.body().contains("Cacherr is upgrading its database…"));
                assertTrue(page.body().contains("location.reload()"), "loads the real page when done");
            }
            assertEquals("", send(server, "HEAD", "/").body());
        }
    }

    /** While it upgrades too, a HEAD answers its GET's status and headers, the length included, and no body. */
    @Test
    void aHeadIsAnsweredAsItsGetWithoutTheBody() throws Exception {
        try (UpgradeServer server = new UpgradeServer(on(0), status::get).start()) {
            for (String path : new String[] {"/", "/cached", "/health", "/api/cached/files", "/metrics"}) {
                cacherr.adapters.web.fixtures.HeadThenGet.Pair pair =
                        cacherr.adapters.web.fixtures.HeadThenGet.ask(server.port(), path);
                assertEquals(pair.get().statusLine(), pair.head().statusLine(), path);
                assertEquals(pair.get().headersBut(), pair.head().headersBut(), path);
                assertEquals(String.valueOf(pair.get().body().length), pair.head().header("Content-Length"), path);
            }
        }
    }

    @Test
    void aPortAlreadyTakenIsRefusedWithItsNumber() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new UpgradeServer(on(taken.getLocalPort()), status::get).start());
            assertTrue(refused.getMessage().contains(":" + taken.getLocalPort()), refused.getMessage());
        }
    }

    @Test
    void closingFreesThePortForTheRealServer() throws Exception {
        UpgradeServer server = new UpgradeServer(on(0), status::get).start();
        int port = server.port();
        server.close();
        try (ServerSocket real = new ServerSocket()) {
            real.setReuseAddress(true);
            real.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            assertEquals(port, real.getLocalPort());
        }
    }

    private HttpResponse<String> send(UpgradeServer server, String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, method.equals("POST") || method.equals("PUT")
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
