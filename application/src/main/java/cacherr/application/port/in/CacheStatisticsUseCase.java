package cacherr.application.port.in;

import cacherr.domain.query.CacheStatistics;

/** Use case: statistics of the whole cache. */
public interface CacheStatisticsUseCase {
    CacheStatistics statistics();
}
