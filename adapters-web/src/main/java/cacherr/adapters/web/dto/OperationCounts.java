package cacherr.adapters.web.dto;

import cacherr.domain.file.OperationType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/** Per-operation maps keyed by the operation's API name, every operation present, in declaration order. */
final class OperationCounts {
    private OperationCounts() {
    }

    static <T> Map<String, T> byOperation(Map<OperationType, Long> values, LongFunction<T> convert) {
        Map<String, T> out = new LinkedHashMap<>();
        for (OperationType type : OperationType.values()) {
            out.put(type.code(), convert.apply(values.getOrDefault(type, 0L)));
        }
        return out;
    }
}
