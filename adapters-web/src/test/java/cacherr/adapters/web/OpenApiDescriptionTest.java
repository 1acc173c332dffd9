package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiDescriptionTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    @Test
    void describesExactlyTheRoutesTheServerRegistered() {
        try (RunningApi api = RunningApi.start()) {
            RunningApi.Response response = api.get("/api/openapi.json");
            assertEquals(200, response.status());
            JsonNode document = response.json();
            assertTrue(document.get("openapi").asText().startsWith("3."));
            TreeSet<String> described = new TreeSet<>();
            document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) described.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }));
            TreeSet<String> registered = new TreeSet<>(api.server.registeredRoutes());
            assertFalse(registered.isEmpty());
            assertEquals(registered, described);
        }
    }

    @Test
    void itsCachedFileSchemaHasTheFieldsTheServerSends() {
        try (RunningApi api = RunningApi.start()) {
            CachedFile heat = api.aCachedMovie("Heat.mkv", 10, "alice");
            JsonNode sent = api.get("/api/cached/files/" + heat.id().value()).data();
            JsonNode schema = api.get("/api/openapi.json").json().get("components").get("schemas").get("CachedFileInfo");
            assertEquals(fieldNames(sent), fieldNames(schema.get("properties")));
        }
    }

    @Test
    void everySchemaItRefersToIsDefined() {
        try (RunningApi api = RunningApi.start()) {
            String text = api.get("/api/openapi.json").body();
            JsonNode schemas = api.get("/api/openapi.json").json().get("components").get("schemas");
            java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/schemas/(\\w+)").matcher(text);
            while (refs.find()) assertTrue(schemas.has(refs.group(1)), refs.group(1));
        }
    }
}
