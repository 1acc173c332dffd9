package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.IdGenerator;
import cacherr.domain.file.Placement;
import cacherr.adapters.web.fixtures.RunningApi;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    @Test
    void stoppingLetsARequestInProgressFinish() throws Exception {
        InMemoryCacherr memory = InMemoryCacherr.create();
        memory.storage().write("/array/movies/Heat.mkv", new byte[10]);
        CountDownLatch placing = new CountDownLatch(1);
        CacheStorage slow = slowPlacing(memory.storage(), placing);
        Cacherr app = new Cacherr(memory.bookkeeping(), slow, memory.clock(), IdGenerator.randomUuids(),
                CacheSettings.DEFAULTS);
        CacherrWebServer server = new CacherrWebServer(app, RunningApi.testSettings()).start();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/cached/files"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"file_path\":\"/array/movies/Heat.mkv\",\"triggered_by_operation\":\"manual\"}"))
                .build();
        CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(placing.await(10, TimeUnit.SECONDS), "the request should reach the storage");
        server.stop();
        assertEquals(201, answer.get(10, TimeUnit.SECONDS).statusCode());
    }

    /** The storage, with a placement that takes half a second and says when it began. */
    private static CacheStorage slowPlacing(InMemoryCacheStorage storage, CountDownLatch placing) {
        return (CacheStorage) Proxy.newProxyInstance(CacheStorage.class.getClassLoader(),
                new Class<?>[] {CacheStorage.class}, (proxy, method, args) -> {
                    if (method.getName().equals("place")) {
                        placing.countDown();
                        Thread.sleep(500);
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
