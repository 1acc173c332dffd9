package cacherr.application.port.in;

import cacherr.domain.query.UserStatistics;

/** Use case: what was cached for one user over a period of days. */
public interface UserStatisticsUseCase {
    UserStatistics statistics(UserStatisticsQuery query);
}
