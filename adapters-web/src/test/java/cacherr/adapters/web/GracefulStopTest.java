package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.IdGenerator;
import cacherr.domain.file.Placement;
import cacherr.adapters.web.fixtures.RunningApi;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    /**
     * The service builds its web server while Hibernate is built, and closes it unstarted when Hibernate fails: that
     * close throws nothing, and the port it would have bound stays free.
     */
    @Test
    void aServerBuiltButNeverStartedClosesQuietly() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        WebSettings unstarted = RunningApi.testSettings();
        WebSettings settings = new WebSettings(unstarted.host(), port, unstarted.apiToken(), unstarted.corsOrigins(),
                unstarted.maxRequestBytes(), unstarted.version(), unstarted.allowedHosts());
        CacherrWebServer server = new CacherrWebServer(InMemoryCacherr.create().app(), settings);
        server.close();
        try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void stoppingLetsARequestInProgressFinish() throws Exception {
        InMemoryCacherr memory = InMemoryCacherr.create();
        memory.storage().write("/array/movies/Heat.mkv", new byte[10]);
        CountDownLatch placing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CacheStorage held = heldPlacing(memory.storage(), placing, release);
        Cacherr app = new Cacherr(memory.bookkeeping(), held, memory.clock(), IdGenerator.randomUuids(),
                CacheSettings.DEFAULTS);
        CacherrWebServer server = new CacherrWebServer(app, RunningApi.testSettings()).start();
        int port = server.port();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cached/files"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"file_path\":\"/array/movies/Heat.mkv\",\"triggered_by_operation\":\"manual\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // Generous bounds that only end a broken run; nothing is decided by how fast the machine is.
        assertTrue(placing.await(60, TimeUnit.SECONDS), "the request should reach the storage");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
        // The placement is held until the server has stopped taking connections: the stop is surely under way.
        while (accepts(port)) Thread.onSpinWait();
        assertFalse(answer.isDone(), "the request in progress is still held");
        release.countDown();
        assertEquals(201, answer.get(60, TimeUnit.SECONDS).statusCode());
        stopped.get(60, TimeUnit.SECONDS);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** The storage, with a placement that says when it began and waits for {@code release}. */
    private static CacheStorage heldPlacing(InMemoryCacheStorage storage, CountDownLatch placing,
                                            CountDownLatch release) {
        return (CacheStorage) Proxy.newProxyInstance(CacheStorage.class.getClassLoader(),
                new Class<?>[] {CacheStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("place")) {
                        placing.countDown();
                        if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                        return storage.place((Placement) args[0]);
                    }
                    try {
                        return method.invoke(storage, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
