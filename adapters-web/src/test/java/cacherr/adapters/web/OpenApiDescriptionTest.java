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
    void itsPaginationAndSearchSchemasHaveTheFieldsTheServerSends() {
        try (RunningApi api = RunningApi.start()) {
            api.aCachedMovie("Heat.mkv", 10, "alice");
            JsonNode schemas = api.get("/api/openapi.json").json().get("components").get("schemas");
            assertEquals(fieldNames(api.get("/api/cached/files").data().get("pagination")),
                    fieldNames(schemas.get("Pagination").get("properties")));
            assertEquals(fieldNames(api.get("/api/cached/files/search?q=heat").data()),
                    fieldNames(schemas.get("Search").get("properties")));
        }
    }

    /** Wherever a total may be a lower bound, a client can ask for the exact one, and is told what it costs. */
    @Test
    void everyEndpointAnsweringATotalDescribesExactTotal() {
        try (RunningApi api = RunningApi.start()) {
            JsonNode paths = api.get("/api/openapi.json").json().get("paths");
            TreeSet<String> counting = new TreeSet<>();
            paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
                String answer = method.getValue().path("responses").path("200").toString();
                if (!answer.matches(".*#/components/schemas/(FileList|OperationList|Search)\\b.*")) return;
                counting.add(path.getKey());
                JsonNode exactTotal = null;
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    if (parameter.get("name").asText().equals("exact_total")) exactTotal = parameter;
                }
                assertTrue(exactTotal != null, path.getKey() + " has no exact_total");
                assertEquals("boolean", exactTotal.at("/schema/type").asText(), path.getKey());
                assertFalse(exactTotal.at("/schema/default").asBoolean(), path.getKey());
                assertTrue(exactTotal.get("description").asText().contains("time proportional to the matches"),
                        path.getKey());
            }));
            assertEquals(new TreeSet<>(Set.of("/api/cached/files", "/api/cached/files/search", "/api/cached/operations")),
                    counting);
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
