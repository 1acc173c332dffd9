package cacherr.adapters.persistence;

import java.util.Locale;

/**
 * How far the migration of a database has come: the step of this run ({@code step} of {@code steps}, the backup
 * copy included), what it does, the rows it has done of the rows it has when it counts them (else 0 of 0), and the
 * whole run's share done in percent (steps weighed by the work they do). {@code finished}: the step's work is done and
 * about to be committed (told inside its transaction).
 */
public record MigrationProgress(int step, int steps, String stepName, long done, long total, int percent,
                                boolean finished) {
    public MigrationProgress {
        if (steps < 1 || step < 1 || step > steps) throw new IllegalArgumentException("step " + step + " of " + steps);
        if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent " + percent);
    }

    /** "step 2/10 v3 canonical tables: audit log rows, 400,000 of 1,000,000 (23% in all)". */
    public String describe() {
        String rows = total > 0 ? String.format(Locale.ROOT, ", %,d of %,d", done, total) : "";
        return String.format(Locale.ROOT, "step %d/%d %s%s%s (%d%% in all)", step, steps, stepName, rows,
                finished ? ", done" : "", percent);
    }
}
