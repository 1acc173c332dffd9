package cacherr.domain.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.domain.error.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEntryTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00.1234567Z");

    @Test
    void aFailedEntryCarriesItsErrorAndASuccessfulOneDoesNot() {
        assertThrows(InvalidInputException.class,
                () -> new AuditEntry("e", AuditAction.CACHE_ADD, "/a", "api", null, "r", true, "oops", null, T));
        assertThrows(InvalidInputException.class,
                () -> new AuditEntry("e", AuditAction.CACHE_ADD, "/a", "api", null, "r", false, null, null, T));
        assertEquals(Instant.parse("2026-01-01T00:00:00.123456Z"),
                new AuditEntry("e", AuditAction.CACHE_ADD, "/a", "api", null, "r", true, null, null, T).timestamp());
    }

    @Test
    void actionsParseFromTheirLogNames() {
        assertEquals(AuditAction.USER_DETACH, AuditAction.parse("user_detach"));
        assertThrows(InvalidInputException.class, () -> AuditAction.parse("cache_everything"));
    }
}
