package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import cacherr.domain.query.FileFilter;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * What is stored is what was sent, or the request is refused: a lone surrogate ({@code \ud800}) has no UTF-8 form and
 * became {@code ?} in the database (one user for every such id, and the same as a real user {@code ?}); a number
 * beyond a double's range became the string {@code "Infinity"}.
 */
class FaithfulValuesApiTest {
    private static final String FILES = "/api/cached/files";

    @Test
    void aLoneSurrogateInAnyStringFieldIsA400AndNothingIsStored() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            assertFailure(api.post(FILES, cache(path, "\"user_id\":\"\\ud800\"")), 400, "user_id", "surrogate");
            assertFailure(api.post(FILES, cache(path, "\"user_id\":\"bob\\udfff\"")), 400, "user_id", "surrogate");
            assertFailure(api.post(FILES, cache(path, "\"user_id\":\"\\udc00\\ud800\"")), 400, "user_id");
            assertFailure(api.post(FILES, cache(path, "\"reason\":\"x\\ud83c\"")), 400, "reason", "surrogate");
            assertFailure(api.post(FILES, "{\"file_path\":\"" + path + "\\ud800\",\"triggered_by_operation\":"
                    + "\"manual\"}"), 400, "file_path", "surrogate");
            assertEquals(0, api.memory.app().listFiles().list(FileFilter.FIRST_PAGE).items().size(), "nothing stored");

            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            String one = FILES + "/" + file.id().value();
            assertFailure(api.put(one + "/users/bob", "{\"reason\":\"\\ud800\"}"), 400, "reason", "surrogate");
            assertFailure(api.post(one + "/access", "{\"user_id\":\"\\ud800\"}"), 400, "user_id", "surrogate");
            assertFailure(api.delete(one, "{\"user_id\":\"\\ud800\"}"), 400, "user_id", "surrogate");
            assertEquals(1, api.memory.app().getFile().get(file.id()).users().size(), "no user was added");
        }
    }

    @Test
    void aSurrogatePairIsOneCharacterAndIsKeptExactly() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            JsonNode data = assertOk(api.post(FILES, cache(path, "\"user_id\":\"\\ud83c\\udfac fan\","
                    + "\"metadata\":{\"\\ud83c\\udfac\":\"\\ud83c\\udf7f\"}")), 201);
            assertEquals("\uD83C\uDFAC fan", data.get("triggered_by_user").asText());
            assertEquals("\uD83C\uDF7F", data.get("metadata").get("\uD83C\uDFAC").asText());
        }
    }

    /**
     * An emoji is written as its four UTF-8 bytes in an answer, as every other character is, not as two escapes of
     * its surrogates ({@code \\ud83c\\udfac}): the answers did so before they were written as bytes, and a client
     * that greps or logs them sees the character.
     */
    @Test
    void aCharacterBeyondTheBmpIsWrittenAsItsUtf8BytesNotAsEscapes() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("\uD83C\uDFAC Heat.mkv", 10);
            assertOk(api.post(FILES, cache(path, "\"user_id\":\"\\ud83c\\udfac fan\"")), 201);
            // the list twice: the second answer holds the file's kept JSON (RememberedJson)
            for (String query : new String[] {FILES + "?limit=5", FILES + "/search?q=Heat&type=all",
                    FILES + "?limit=5"}) {
                String body = api.get(query).raw.body(); // decoded as UTF-8: an escape stays six characters of text
                assertTrue(body.contains("\uD83C\uDFAC Heat.mkv") && body.contains("\uD83C\uDFAC fan"), body);
                assertFalse(body.toLowerCase(java.util.Locale.ROOT).contains("\\ud83c"), body);
            }
        }
    }

    @Test
    void aLoneSurrogateAnywhereInMetadataIsA400() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            assertFailure(api.post(FILES, cache(path, "\"metadata\":{\"title\":\"\\ud800\"}")), 400, "metadata",
                    "title", "surrogate");
            assertFailure(api.post(FILES, cache(path, "\"metadata\":{\"\\udbff\":1}")), 400, "metadata", "surrogate");
            assertFailure(api.post(FILES, cache(path, "\"metadata\":{\"tags\":[\"ok\",{\"x\":\"\\udc00\"}]}")), 400,
                    "metadata", "tags[1].x");
            assertEquals(0, api.memory.app().listFiles().list(FileFilter.FIRST_PAGE).items().size(), "nothing stored");
        }
    }

    @Test
    void aNumberInMetadataThatNoReaderCanHoldIsA400() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            for (String number : new String[] {"1e999999", "-1e999999", "1.8e308", "1e-999999", "-2e-400",
                    "1" + "0".repeat(400)}) {
                assertFailure(api.post(FILES, cache(path, "\"metadata\":{\"rating\":" + number + "}")), 400,
                        "metadata", "rating");
            }
            assertFailure(api.post(FILES, cache(path, "\"metadata\":{\"scores\":[1,2,1e999]}")), 400,
                    "metadata", "scores[2]", "Infinity");
            assertEquals(0, api.memory.app().listFiles().list(FileFilter.FIRST_PAGE).items().size(), "nothing stored");
        }
    }

    @Test
    void numbersADoubleHoldsAreKept() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            JsonNode metadata = assertOk(api.post(FILES, cache(path, "\"metadata\":{\"big\":1.5e300,\"small\":2.5e-300,"
                    + "\"zero\":0.0,\"whole\":9007199254740993,\"neg\":-7}")), 201).get("metadata");
            assertEquals(1.5e300, metadata.get("big").asDouble());
            assertEquals(2.5e-300, metadata.get("small").asDouble());
            assertEquals(0.0, metadata.get("zero").asDouble());
            assertEquals("9007199254740993", metadata.get("whole").asText(), "a long integer keeps every digit");
            assertEquals(-7, metadata.get("neg").asInt());
        }
    }

    @Test
    void aQueryOrPathThatIsNotUtf8IsA400() {
        try (RunningApi api = RunningApi.start()) {
            // %ED%A0%80 is how a lone surrogate would look in UTF-8 (CESU-8): not UTF-8.
            assertEquals(400, api.get(FILES + "?user_id=%ED%A0%80").status());
            assertEquals(400, api.get("/api/cached/users/%ED%A0%80/stats").status());
        }
    }

    private static String cache(String path, String more) {
        return "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"manual\"," + more + "}";
    }
}
