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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load driver of bench/reads.sh: sends every case's request once (its answer read for the table; every code
 * path compiled before anything is measured), then runs the cases one after another against a running service, each
 * for a warm-up (not counted) and then {@code seconds} with {@code clients} threads sending the case's one request
 * again and again, and prints one markdown table row per case: what one answer of the request says (its total, how many
 * rows it held, its size), requests per second, p50, p99, max, answers that were not 200, and whether the p99 met the
 * case's goal. The table goes to {@code out} as well, row by row (an interrupted run keeps what it measured).
 * Given the service's process id (and the kernel's clock ticks per second, {@code getconf CLK_TCK}), the last column
 * is the CPU time the service used per answer while the case was measured (user + system, every thread, from
 * {@code /proc/PID/stat}): far steadier than the latencies on a shared machine, so two builds can be compared by it
 * in one run even when the machine is busy. Needs only the JDK (run as a source file):
 * {@code java bench/ReadLoad.java BASE_URL CLIENTS SECONDS WARMUP_SECONDS CASES_FILE OUT_FILE [PID [CLK_TCK]]}
 * <p>
 * A line of the cases file: {@code name <TAB> goal-ms <TAB> path [<TAB> row-key]}; goal 0 is "no goal"; the row key
 * is a JSON key each row of the answer holds once (e.g. {@code filename}); lines starting with {@code #} are skipped.
 */
public final class ReadLoad {
    /** The keys a total is read from, the first one present winning (a list's own total before its rows'). */
    private static final List<Pattern> TOTALS = List.of(total("total_count"), total("total_found"), total("total_files"));
    private static final Pattern EXACT = Pattern.compile("\"(total_count_exact|total_found_exact)\"\\s*:\\s*(true|false)");

    private static Pattern total(String key) {
        return Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)");
    }

    private record Case(String name, long goalMs, String path, String rowKey) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || args.length > 8) {
            System.err.println("usage: java bench/ReadLoad.java BASE_URL CLIENTS SECONDS WARMUP_SECONDS CASES_FILE OUT_FILE"
                    + " [PID [CLK_TCK]]");
            System.exit(2);
        }
        String base = args[0];
        int clients = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmup = Double.parseDouble(args[3]);
        List<Case> cases = read(Path.of(args[4]));
        Path stat = args.length > 6 ? Path.of("/proc", args[6], "stat") : null;
        double tickMs = 1000.0 / (args.length > 7 ? Long.parseLong(args[7]) : 100);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<String> misses = new ArrayList<>();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[5]), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
            String header = "| case | request | one answer | req/s | p50 ms | p99 ms | max ms | not 200 | goal p99 | met |"
                    + (stat == null ? "" : " service CPU ms/answer |") + "\n"
                    + "|---|---|---|---:|---:|---:|---:|---:|---:|---|" + (stat == null ? "" : "---:|");
            emit(out, header);
            // every request once before any is measured: the answers for the table, and the code paths of all of
            // them compiled before the first case, not during it
            List<String> answers = new ArrayList<>();
            for (Case c : cases) answers.add(probe(http, base, c));
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String answer = answers.get(i);
                if (warmup > 0) run(http, base, c.path, clients, warmup);
                long ticksBefore = stat == null ? 0 : cpuTicks(stat);
                Result r = run(http, base, c.path, clients, seconds);
                String cpu = "";
                if (stat != null) {
                    double ms = (cpuTicks(stat) - ticksBefore) * tickMs;
                    cpu = String.format(Locale.ROOT, " %.2f |", r.answers == 0 ? 0 : ms / r.answers);
                }
                boolean met = r.failed == 0 && (c.goalMs == 0 || r.p99 <= c.goalMs);
                String verdict = c.goalMs == 0 ? (r.failed == 0 ? "—" : "**no** (errors)") : met ? "yes" : "**no**";
                emit(out, String.format(Locale.ROOT, "| %s | `%s` | %s | %.0f | %.1f | %.1f | %.1f | %d | %s | %s |%s",
                        c.name, c.path.replace("|", "%7C"), answer, r.perSecond, r.p50, r.p99, r.max, r.failed,
                        c.goalMs == 0 ? "—" : c.goalMs, verdict, cpu));
                if (!met) {
                    misses.add(String.format(Locale.ROOT, "%s: p99 %.1f ms (goal %s), p50 %.1f ms, %.0f req/s, not 200: %d%s",
                            c.name, r.p99, c.goalMs == 0 ? "none" : c.goalMs + " ms", r.p50, r.perSecond, r.failed,
                            r.failed == 0 ? "" : " (first: " + r.firstFailure + ")"));
                }
            }
            emit(out, "");
            emit(out, misses.isEmpty() ? "Every case met its goal." : "Cases that missed their goal (" + misses.size()
                    + " of " + cases.size() + "):");
            for (String miss : misses) emit(out, "- " + miss);
        }
    }

    /** The process's user + system time so far, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static void emit(PrintWriter out, String line) {
        System.out.println(line);
        System.out.flush();
        out.println(line);
        out.flush();
    }

    private static List<Case> read(Path file) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cells = line.split("\t");
            if (cells.length < 3) throw new IllegalArgumentException("a case needs name, goal and path: " + line);
            cases.add(new Case(cells[0], Long.parseLong(cells[1]), cells[2], cells.length > 3 ? cells[3] : ""));
        }
        return cases;
    }

    /** One request, read for what it says: "HTTP 200: total >10,000, 50 rows, 31 KB". */
    private static String probe(HttpClient http, String base, Case c) {
        try {
            HttpResponse<String> response = http.send(request(base, c.path), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            StringBuilder said = new StringBuilder();
            if (response.statusCode() != 200) said.append("**HTTP ").append(response.statusCode()).append("** ");
            Matcher total = TOTALS.stream().map(p -> p.matcher(body)).filter(Matcher::find).findFirst().orElse(null);
            if (total != null) {
                Matcher exact = EXACT.matcher(body);
                boolean lowerBound = exact.find() && exact.group(2).equals("false");
                said.append("total ").append(lowerBound ? ">" : "")
                        .append(String.format(Locale.ROOT, "%,d", Long.parseLong(total.group(1)))).append(", ");
            }
            if (!c.rowKey.isEmpty()) {
                Matcher rows = Pattern.compile("\"" + Pattern.quote(c.rowKey) + "\"\\s*:").matcher(body);
                int n = 0;
                while (rows.find()) n++;
                said.append(String.format(Locale.ROOT, "%,d rows, ", n));
            }
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            said.append(bytes < 10_240 ? bytes + " B" : String.format(Locale.ROOT, "%,d KB", bytes / 1024));
            return said.toString();
        } catch (Exception e) {
            return "**failed: " + e + "**";
        }
    }

    private static HttpRequest request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120)).GET().build();
    }

    /** A 200's body is read and dropped; another's is kept, to say what went wrong. */
    private static final HttpResponse.BodyHandler<String> DISCARD_200 = info -> info.statusCode() == 200
            ? HttpResponse.BodySubscribers.replacing("") : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);

    /** {@code firstFailure}: what the first answer that was not 200 was (its status and the start of its body). */
    private record Result(long answers, double perSecond, double p50, double p99, double max, long failed,
                          String firstFailure) {}

    private static Result run(HttpClient http, String base, String path, int clients, double seconds)
            throws InterruptedException {
        HttpRequest request = request(base, path);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>("");
        long[][] perClient = new long[clients][];
        List<Thread> threads = new ArrayList<>();
        long began = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, DISCARD_200);
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                            String body = response.body();
                            firstFailure.compareAndSet("", "HTTP " + response.statusCode() + " "
                                    + body.substring(0, Math.min(200, body.length())).replaceAll("\\s+", " "));
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet("", e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    if (n == latencies.length) latencies = Arrays.copyOf(latencies, n * 2);
                    latencies[n++] = System.nanoTime() - started;
                }
                perClient[client] = Arrays.copyOf(latencies, n);
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) thread.join();
        double elapsed = (System.nanoTime() - began) / 1e9;
        long[] merged = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(merged.length, merged.length / elapsed, percentile(merged, 50), percentile(merged, 99),
                merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6, failed.get(), firstFailure.get());
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100.0) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
