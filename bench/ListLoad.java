import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small load driver for bench/startup.sh: {@code clients} threads send GET requests to the given paths (picked at
 * random) for {@code seconds}, and it prints requests per second, p50 and p99, and how many did not answer 200.
 * Needs only the JDK (run as a source file): {@code java bench/ListLoad.java http://127.0.0.1:5445 8 10 /path ...}
 */
public final class ListLoad {
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java bench/ListLoad.java BASE_URL CLIENTS SECONDS PATH...");
            System.exit(2);
        }
        String base = args[0];
        int clients = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        List<String> paths = Arrays.asList(args).subList(3, args.length);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perClient = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[1 << 20];
            long[] count = new long[1];
            perClient.add(count);
            Thread thread = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                    String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(60)).GET().build();
                    long started = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) failed.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    latencies[n++] = System.nanoTime() - started;
                }
                count[0] = n;
                synchronized (perClient) {
                    all.add(Arrays.copyOf(latencies, n));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        double elapsed = (System.nanoTime() - began) / 1e9;
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("%d requests in %.1f s: %.0f req/s, p50 %.1f ms, p99 %.1f ms, not 200: %d%n", merged.length,
                elapsed, merged.length / elapsed, percentile(merged, 50), percentile(merged, 99), failed.get());
    }

    private static final List<long[]> all = new ArrayList<>();

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100.0) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
