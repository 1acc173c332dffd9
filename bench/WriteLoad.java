import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The write driver of bench/maintenance.sh: how long single writes wait while the service's background maintenance
 * runs. Needs only the JDK (run as a source file).
 * <ul>
 *   <li>{@code java bench/WriteLoad.java run BASE_URL CLIENTS PAUSE_MS IDS_FILE STOP_FILE OUT_FILE}: {@code CLIENTS}
 *   threads each send {@code POST /api/cached/files/{id}/access} (one access counted, one audit entry: a small write
 *   transaction) for a file picked at random from {@code IDS_FILE} (one id a line), wait for the answer, pause
 *   {@code PAUSE_MS}, and again, until {@code STOP_FILE} exists. Each write is one line of {@code OUT_FILE}: the
 *   epoch millisecond it was sent, its latency in microseconds, its HTTP status.</li>
 *   <li>{@code java bench/WriteLoad.java summary OUT_FILE NAME:FROM_MS:TO_MS...}: one markdown table row per phase
 *   (the writes sent within {@code [FROM_MS, TO_MS)}): writes, p50, p99, max, how many took over 100 ms, answers
 *   that were not 200.</li>
 * </ul>
 * The pause keeps the writers from saturating the cores themselves: what is measured is how long a write waits for
 * the database, not how many writes the machine can take.
 */
public final class WriteLoad {
    private WriteLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 7 && args[0].equals("run")) {
            run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]), Path.of(args[5]),
                    Path.of(args[6]));
        } else if (args.length >= 3 && args[0].equals("summary")) {
            summary(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
        } else {
            System.err.println("usage: WriteLoad run BASE CLIENTS PAUSE_MS IDS STOP OUT | summary OUT NAME:FROM:TO...");
            System.exit(2);
        }
    }

    private record Sample(long sentAtMillis, long micros, int status) {
    }

    private static void run(String base, int clients, int pauseMillis, Path idsFile, Path stop, Path out)
            throws Exception {
        List<String> ids = Files.readAllLines(idsFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) throw new IllegalArgumentException("no file ids in " + idsFile);
        List<List<Sample>> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Sample> samples = new ArrayList<>();
            perClient.add(samples);
            Random random = new Random(c);
            threads.add(new Thread(() -> drive(base, ids, random, pauseMillis, stop, samples), "writer-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) thread.join();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            perClient.stream().flatMap(List::stream)
                    .sorted((a, b) -> Long.compare(a.sentAtMillis, b.sentAtMillis))
                    .forEach(s -> writer.println(s.sentAtMillis + " " + s.micros + " " + s.status));
        }
    }

    private static void drive(String base, List<String> ids, Random random, int pauseMillis, Path stop,
                              List<Sample> samples) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        while (!Files.exists(stop)) {
            String id = ids.get(random.nextInt(ids.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/cached/files/" + id + "/access"))
                    .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.noBody()).build();
            long sentAt = System.currentTimeMillis();
            long started = System.nanoTime();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            samples.add(new Sample(sentAt, (System.nanoTime() - started) / 1_000, status));
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void summary(Path out, String[] phases) throws IOException {
        List<Sample> all = Files.readAllLines(out).stream().filter(line -> !line.isBlank()).map(line -> {
            String[] parts = line.trim().split(" ");
            return new Sample(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        }).toList();
        System.out.println("| phase | seconds | writes | p50 ms | p99 ms | max ms | over 100 ms | not 200 |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String phase : phases) {
            String[] parts = phase.split(":");
            long from = Long.parseLong(parts[1]);
            long to = Long.parseLong(parts[2]);
            long[] micros = all.stream().filter(s -> s.sentAtMillis >= from && s.sentAtMillis < to)
                    .mapToLong(Sample::micros).sorted().toArray();
            long notOk = all.stream().filter(s -> s.sentAtMillis >= from && s.sentAtMillis < to && s.status != 200)
                    .count();
            long slow = Arrays.stream(micros).filter(m -> m > 100_000).count();
            if (micros.length == 0) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | 0 | — | — | — | — | — |%n", parts[0], (to - from) / 1e3);
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %.1f | %.1f | %.1f | %d | %d |%n", parts[0],
                    (to - from) / 1e3, micros.length, at(micros, 0.50), at(micros, 0.99),
                    micros[micros.length - 1] / 1e3, slow, notOk);
        }
        // the slowest of each phase and when they were sent (UTC, as the service logs; the how-many-th write of
        // the phase): a slow write at the start of a phase is a cold code path, not a wait behind the background
        System.out.println();
        for (String phase : phases) {
            String[] parts = phase.split(":");
            long from = Long.parseLong(parts[1]);
            long to = Long.parseLong(parts[2]);
            List<Sample> in = all.stream().filter(s -> s.sentAtMillis >= from && s.sentAtMillis < to).toList();
            List<Integer> slowest = java.util.stream.IntStream.range(0, in.size()).boxed()
                    .sorted((a, b) -> Long.compare(in.get(b).micros, in.get(a).micros)).limit(4).toList();
            for (int i : slowest) {
                Sample s = in.get(i);
                System.out.printf(Locale.ROOT, "# slowest (%s): %.1f ms, sent %s, %.1f s into the phase, write %d of"
                        + " %d%n", parts[0], s.micros / 1e3, java.time.Instant.ofEpochMilli(s.sentAtMillis),
                        (s.sentAtMillis - from) / 1e3, i + 1, in.size());
            }
        }
    }

    /** The nearest-rank percentile of sorted latencies, in milliseconds. */
    private static double at(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }
}
