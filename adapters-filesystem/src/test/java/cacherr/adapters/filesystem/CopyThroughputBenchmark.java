package cacherr.adapters.filesystem;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of {@code atomic_copy} against the system's {@code cp}, in one run, rounds alternating. Not a test: run
 * it with {@code adapters-filesystem/bench/copy-throughput.sh} (arguments: size in MiB, rounds, work directory).
 * {@code atomic_copy} flushes its copy to disk before renaming it, {@code cp} does not, so {@code cp} is timed both
 * alone and followed by {@code sync} of the copy (the same durability).
 */
public final class CopyThroughputBenchmark {
    private static final int CHUNK = 8 << 20;

    /** The alternative to {@link Copier#TRANSFER}: a loop through one large direct buffer. */
    static final Copier BUFFERED = (from, to, size) -> {
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
        while (from.read(buffer) > 0) {
            buffer.flip();
            while (buffer.hasRemaining()) to.write(buffer);
            buffer.clear();
        }
    };

    private CopyThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Path.of(args.length > 2 ? args[2] : "target/bench").toAbsolutePath();
        Tree tree = new Tree(work.resolve("array"), work.resolve("cache"));
        Path source = tree.array.resolve("big.mkv");
        write(source, mib << 20);
        System.out.printf(Locale.ROOT, "file %d MiB on %s (%s), %d rounds%n", mib, Files.getFileStore(source).name(),
                Files.getFileStore(source).type(), rounds);

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(List.of("cp", "cp+sync", "atomic_copy transferTo",
                    "atomic_copy 8MiB buffer"));
            if (round % 2 == 1) Collections.reverse(order);
            for (String contender : order) {
                seconds.computeIfAbsent(contender, k -> new ArrayList<>()).add(time(contender, tree, source));
            }
        }
        double cp = median(seconds.get("cp"));
        double cpSync = median(seconds.get("cp+sync"));
        for (Map.Entry<String, List<Double>> entry : seconds.entrySet()) {
            double median = median(entry.getValue());
            System.out.printf(Locale.ROOT, "%-24s median %6.2f s  %7.1f MiB/s  %5.0f%% of cp  %5.0f%% of cp+sync  %s%n",
                    entry.getKey(), median, mib / median, 100 * cp / median, 100 * cpSync / median,
                    entry.getValue().stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
        }
        Files.delete(source);
    }

    private static double time(String contender, Tree tree, Path source) throws Exception {
        Path target = tree.cache.resolve(source.getFileName());
        long start = System.nanoTime();
        switch (contender) {
            case "cp" -> run("cp", source.toString(), target.toString());
            case "cp+sync" -> {
                run("cp", source.toString(), target.toString());
                run("sync", target.toString());
            }
            case "atomic_copy transferTo" -> place(tree, source, Copier.TRANSFER);
            default -> place(tree, source, BUFFERED);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Files.delete(target);
        run("sync"); // the next contender does not pay for this one's dirty pages
        return elapsed;
    }

    private static void place(Tree tree, Path source, Copier copier) {
        NioCacheStorage storage = tree.storage(tree.settings(), copier);
        Placement placed = storage.place(storage.plan(source.toString(), CacheMethod.ATOMIC_COPY));
        if (placed.sizeBytes() != source.toFile().length()) throw new IllegalStateException("incomplete copy");
    }

    private static void write(Path file, long size) throws IOException {
        byte[] block = new byte[CHUNK];
        new Random(42).nextBytes(block);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; written += CHUNK) {
                out.write(ByteBuffer.wrap(block, 0, (int) Math.min(CHUNK, size - written)));
            }
            out.force(true);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
