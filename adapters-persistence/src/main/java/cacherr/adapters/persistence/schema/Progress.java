package cacherr.adapters.persistence.schema;

import cacherr.adapters.persistence.MigrationProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress of one migration run, told to a listener on every change and to the log at each step and at most
 * every {@link #LOG_EVERY_NANOS} within one. Steps are weighed by the work they do, estimated from the rows of the
 * file ({@link Migration#weight}), so the percentage moves with time rather than with the step count.
 */
final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final long LOG_EVERY_NANOS = 3_000_000_000L;

    private final Path file;
    private final Consumer<MigrationProgress> listener;
    private final List<String> names;
    private final double[] weights;
    private final double total;
    private int step; // 1-based once started
    private double completed;
    /** The share of the current step told so far: a step of several parts (v4) never goes back at its next part. */
    private double stepShare;
    private String part = "";
    private long lastLog;
    private boolean finished;

    Progress(Path file, Consumer<MigrationProgress> listener, List<String> names, double[] weights) {
        this.file = file;
        this.listener = listener;
        this.names = names;
        this.weights = weights;
        double sum = 0;
        for (double w : weights) sum += w;
        this.total = sum;
    }

    /** The next step begins. */
    void begin() {
        if (step > 0) completed += weights[step - 1];
        step++;
        part = "";
        stepShare = 0;
        finished = false;
        tell(0, 0, step == 1);
    }

    /** The current step's work is done (told before its commit: a listener that throws then rolls it back). */
    void finish() {
        part = "";
        finished = true;
        tell(0, 0, false);
    }

    /** {@code done} of {@code all} rows of the current step (or of its {@code part}, e.g. "audit log"). */
    void rows(String part, long done, long all) {
        this.part = part;
        tell(done, all, false);
    }

    private void tell(long done, long all, boolean always) {
        double share = finished ? 1.0 : Math.max(stepShare, all > 0 ? Math.min(1.0, (double) done / all) : 0);
        stepShare = share;
        int percent = total <= 0 ? 0 : (int) Math.min(99, Math.floor(100 * (completed + share * weights[step - 1]) / total));
        String name = names.get(step - 1) + (part.isEmpty() ? "" : ": " + part);
        MigrationProgress progress = new MigrationProgress(step, names.size(), name, done, all, percent, finished);
        listener.accept(progress);
        long now = System.nanoTime();
        if (always || now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            LOG.info("Migrating {}: {}", file, progress.describe());
        }
    }
}
