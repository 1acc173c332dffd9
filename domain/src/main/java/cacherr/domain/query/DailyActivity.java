package cacherr.domain.query;

import java.time.LocalDate;

/**
 * What was cached on one day (UTC), whatever became of it since.
 *
 * @param day   the day
 * @param files files first cached that day
 * @param bytes their size
 */
public record DailyActivity(LocalDate day, long files, long bytes) {
}
