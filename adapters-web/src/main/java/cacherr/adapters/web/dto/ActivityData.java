package cacherr.adapters.web.dto;

import cacherr.domain.query.DailyActivity;
import java.util.List;

/** Files cached per day (UTC), every day of the period listed, oldest first. */
public record ActivityData(int days, List<Day> activity) {
    /** One day: files first cached that day and their size. */
    public record Day(String day, long files, SizeInfo size) {
        static Day from(DailyActivity activity) {
            return new Day(activity.day().toString(), activity.files(), SizeInfo.of(activity.bytes()));
        }
    }

    public static ActivityData from(int days, List<DailyActivity> activity) {
        return new ActivityData(days, activity.stream().map(Day::from).toList());
    }
}
