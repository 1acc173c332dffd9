package cacherr.application.port.in;

import cacherr.domain.query.DailyActivity;
import java.util.List;

/** Use case: files cached per day over the last {@code days} days (1..366), every day listed, oldest first. */
public interface CacheActivityUseCase {
    List<DailyActivity> cachedPerDay(int days);
}
