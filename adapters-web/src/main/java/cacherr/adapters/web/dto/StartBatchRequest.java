package cacherr.adapters.web.dto;

import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/results/operations}: start a batch on {@code paths}, {@code ids}, or every file matching
 * {@code filters} (the list's filter parameters, by the same names). Turned into a command by the handler, which reads
 * the filters' dates as the query parameters are read.
 */
public record StartBatchRequest(String action, List<String> paths, List<String> ids, Filters filters,
                                @Size(max = 200) String userId, @Size(max = 500) String reason, Boolean testMode,
                                String triggeredByOperation, String cacheMethod) {
    /** The list's filters; at least one must be given (an empty object would select the whole cache by mistake). */
    public record Filters(@Size(max = 200) String search, @Size(max = 200) String userId, String status,
                          String triggeredByOperation, @PositiveOrZero Long sizeMin, @PositiveOrZero Long sizeMax,
                          String cachedSince, String cachedUntil, Boolean all) {
    }
}
