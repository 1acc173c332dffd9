package cacherr.adapters.web.dto;

import java.util.Map;

/** Whether the service can answer: {@code healthy} when every check is {@code ok}. */
public record HealthData(String status, String version, Map<String, Check> checks) {
    public record Check(String status, String detail, long latencyMs) {
    }
}
