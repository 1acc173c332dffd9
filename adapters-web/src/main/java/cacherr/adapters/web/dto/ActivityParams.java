package cacherr.adapters.web.dto;

import org.hibernate.validator.constraints.Range;

/** Query of {@code GET /api/cached/activity}: how many days back, today included. */
public record ActivityParams(@Range(min = 1, max = 366) int days) {
    public static final int DEFAULT_DAYS = 28;
}
