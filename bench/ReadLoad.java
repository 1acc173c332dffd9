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
 * {@code java bench/ReadLoad.java BASE_URL CLIENTS SECONDS WARMUP_SECONDS CASES_FILE OUT_FILE [PID [CLK_TCK
 * [WRITES_PER_SECOND PAIRS_FILE]]]}
 * <p>
 * With {@code WRITES_PER_SECOND} above 0, one writer thread runs beside the readers through every case (its warm-up
 * too), sending writes at that fixed rate (one at a time; a write that overruns its slot delays the next, none are
 * sent in a burst to catch up): mostly {@code POST /api/cached/files/{id}/access} (one access counted and an audit
 * entry), and one in five an attribution — {@code PUT /api/cached/files/{id}/users/{user}} of a pair of
 * {@code PAIRS_FILE} (a line {@code id <TAB> user}: an active file and a user it is not attributed to) or the
 * {@code DELETE} of a pair the writer attributed earlier, alternately as far as it has some — so which files a user's
 * list holds changes a few times a second, and the writer's attributions are taken back at the end (the books keep
 * their membership; access counts grow). Before the cases, the writer runs alone (a warm-up of at least a second, then
 * {@code SECONDS} measured): the service's CPU per write, to read the cases' CPU per answer against. Each case's row gets the writes sent while it was
 * measured, their p50 and p99; the CPU per answer then includes the writes' own.
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
        if (args.length < 6 || args.length > 10 || args.length == 9) {
            System.err.println("usage: java bench/ReadLoad.java BASE_URL CLIENTS SECONDS WARMUP_SECONDS CASES_FILE OUT_FILE"
                    + " [PID [CLK_TCK [WRITES_PER_SECOND PAIRS_FILE]]]");
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
        double writeRate = args.length > 8 ? Double.parseDouble(args[8]) : 0;
        Writer writer = writeRate > 0 ? new Writer(base, writeRate, Path.of(args[9])) : null;
        try {
            measure(http, base, clients, seconds, warmup, cases, Path.of(args[5]), stat, tickMs, writer);
        } finally {
            if (writer != null) writer.stopAndTakeBack();
        }
    }

    private static void measure(HttpClient http, String base, int clients, double seconds, double warmup,
                                List<Case> cases, Path outFile, Path stat, double tickMs, Writer writer)
            throws Exception {
        List<String> misses = new ArrayList<>();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(outFile, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
            String header = "| case | request | one answer | req/s | p50 ms | p99 ms | max ms | not 200 | goal p99 | met |"
                    + (stat == null ? "" : " service CPU ms/answer |")
                    + (writer == null ? "" : " writes | write p50 ms | write p99 ms |") + "\n"
                    + "|---|---|---|---:|---:|---:|---:|---:|---:|---|" + (stat == null ? "" : "---:|")
                    + (writer == null ? "" : "---:|---:|---:|");
            // every request once before any is measured: the answers for the table, and the code paths of all of
            // them compiled before the first case, not during it
            List<String> answers = new ArrayList<>();
            for (Case c : cases) answers.add(probe(http, base, c));
            prewarm(http, base, cases, clients, PREWARM_SECONDS);
            if (writer != null) {
                writer.start();
                Thread.sleep((long) (Math.max(1, warmup) * 1000)); // the write paths compiled first
                long ticksBefore = stat == null ? 0 : cpuTicks(stat);
                long from = System.currentTimeMillis();
                Thread.sleep((long) (seconds * 1000));
                Writes alone = writer.since(from);
                emit(out, String.format(Locale.ROOT, "# writes alone, %.1f/s for %.1f s: %s%s", writer.rate, seconds,
                        alone, stat == null || alone.count == 0 ? "" : String.format(Locale.ROOT,
                                ", service CPU %.2f ms a write", (cpuTicks(stat) - ticksBefore) * tickMs / alone.count)));
                emit(out, "");
            }
            emit(out, header);
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String answer = answers.get(i);
                if (warmup > 0) run(http, base, c.path, clients, warmup);
                long ticksBefore = stat == null ? 0 : cpuTicks(stat);
                long from = System.currentTimeMillis();
                Result r = run(http, base, c.path, clients, seconds);
                String cpu = "";
                if (stat != null) {
                    double ms = (cpuTicks(stat) - ticksBefore) * tickMs;
                    cpu = String.format(Locale.ROOT, " %.2f |", r.answers == 0 ? 0 : ms / r.answers);
                }
                if (writer != null) cpu += " " + writer.since(from).cells() + " |";
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
            if (writer != null) {
                Writes all = writer.since(0);
                emit(out, "");
                emit(out, "Writes over the whole run (" + writer.kinds() + "): " + all);
            }
        }
    }

    /** Writes sent within a span: how many, their latencies' p50 and p99, and how many did not answer 200. */
    private record Writes(int count, double p50, double p99, long failed, String firstFailure) {
        String cells() {
            return count == 0 ? "0 | — | —" : String.format(Locale.ROOT, "%d%s | %.1f | %.1f", count,
                    failed == 0 ? "" : " (" + failed + " not 200)", p50, p99);
        }

        @Override
        public String toString() {
            return count == 0 ? "no write" : String.format(Locale.ROOT, "%d writes, p50 %.1f ms, p99 %.1f ms%s", count,
                    p50, p99, failed == 0 ? "" : ", " + failed + " not 200 (first: " + firstFailure + ")");
        }
    }

    /**
     * The writer beside the readers (see the class's comment): a fixed rate, mostly accesses, one in five an
     * attribution of a pair or the removal of one it made. Deterministic: the same pairs in the same order each run.
     */
    private static final class Writer {
        private record Sample(long sentAtMillis, long nanos, int status, String kind, String failure) {}

        private final String base;
        private final double rate;
        private final List<String[]> pairs = new ArrayList<>();
        private final java.util.ArrayDeque<String[]> attributed = new java.util.ArrayDeque<>();
        private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final java.util.Random random = new java.util.Random(15);
        private volatile boolean stop;
        private Thread thread;
        private int nextPair;

        Writer(String base, double rate, Path pairsFile) throws IOException {
            this.base = base;
            this.rate = rate;
            for (String line : Files.readAllLines(pairsFile, StandardCharsets.UTF_8)) {
                String[] cells = line.strip().split("\t");
                if (cells.length == 2) pairs.add(cells);
            }
            if (pairs.isEmpty()) throw new IllegalArgumentException("no id and user pairs in " + pairsFile);
        }

        void start() {
            thread = new Thread(this::drive, "writer");
            thread.setDaemon(true);
            thread.start();
        }

        private void drive() {
            long interval = (long) (1e9 / rate);
            long next = System.nanoTime();
            while (!stop) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                writeOne();
                next = Math.max(next + interval, System.nanoTime()); // an overrun delays, never bursts
            }
        }

        private void writeOne() {
            int dice = random.nextInt(10);
            if (dice == 0 && !attributed.isEmpty() || dice == 1 && nextPair == pairs.size() && !attributed.isEmpty()) {
                String[] pair = attributed.poll();
                send("detach", "DELETE", "/api/cached/files/" + pair[0] + "/users/" + pair[1]);
            } else if (dice <= 1 && nextPair < pairs.size()) {
                String[] pair = pairs.get(nextPair++);
                if (send("attribute", "PUT", "/api/cached/files/" + pair[0] + "/users/" + pair[1])) attributed.add(pair);
            } else {
                String[] pair = pairs.get(random.nextInt(pairs.size()));
                send("access", "POST", "/api/cached/files/" + pair[0] + "/access");
            }
        }

        /** One write; true when it answered 200. */
        private boolean send(String kind, String method, String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            long sentAt = System.currentTimeMillis();
            long started = System.nanoTime();
            int status = 0;
            String failure = "";
            try {
                HttpResponse<String> response = http.send(request, DISCARD_200);
                status = response.statusCode();
                if (status != 200) failure = method + " " + path + ": HTTP " + status + " " + response.body()
                        .substring(0, Math.min(200, response.body().length())).replaceAll("\\s+", " ");
            } catch (IOException e) {
                failure = method + " " + path + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = true;
            }
            samples.add(new Sample(sentAt, System.nanoTime() - started, status, kind, failure));
            return status == 200;
        }

        /** The writes sent since {@code fromMillis}. */
        Writes since(long fromMillis) {
            List<Sample> in;
            synchronized (samples) {
                in = samples.stream().filter(s -> s.sentAtMillis >= fromMillis).toList();
            }
            long[] sorted = in.stream().mapToLong(Sample::nanos).sorted().toArray();
            List<Sample> failed = in.stream().filter(s -> s.status != 200).toList();
            return new Writes(sorted.length, percentile(sorted, 50), percentile(sorted, 99), failed.size(),
                    failed.isEmpty() ? "" : failed.get(0).failure);
        }

        /** How many writes of each kind were sent. */
        String kinds() {
            synchronized (samples) {
                return samples.stream().collect(java.util.stream.Collectors.groupingBy(Sample::kind,
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
            }
        }

        /** Stops writing, then takes back every attribution the writer made (not measured). */
        void stopAndTakeBack() throws InterruptedException {
            stop = true;
            if (thread != null) thread.join();
            int left = 0;
            for (String[] pair : attributed) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/cached/files/" + pair[0]
                        + "/users/" + pair[1])).timeout(Duration.ofSeconds(120)).DELETE().build();
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) left++;
                } catch (IOException e) {
                    left++;
                }
            }
            if (left > 0) System.err.println("ReadLoad: " + left + " of the writer's attributions could not be taken back");
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

    /**
     * Seconds of load over every case with a goal, in turn, before the first is measured (CACHERR_READS_PREWARM, 5;
     * 0: none). Not counted. Both programs compile their hot code in the first seconds under load — this client too
     * (its HTTP stack, with the optimising compiler) on the same two cores — and without it the run's first case paid
     * for that: the issue's own request measured p99 33-37 ms first in the run and 10.5 ms later in the same run
     * (docs/PERFORMANCE.md, "Eighth round on a quiet machine"), with its own 2 s of warm-up as well.
     */
    private static final double PREWARM_SECONDS = Double.parseDouble(
            System.getenv().getOrDefault("CACHERR_READS_PREWARM", "5"));

    private static void prewarm(HttpClient http, String base, List<Case> cases, int clients, double seconds)
            throws InterruptedException {
        List<Case> measured = cases.stream().filter(c -> c.goalMs > 0).toList();
        if (seconds <= 0 || measured.isEmpty()) return;
        double each = seconds / measured.size();
        for (Case c : measured) run(http, base, c.path, clients, each);
    }

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
