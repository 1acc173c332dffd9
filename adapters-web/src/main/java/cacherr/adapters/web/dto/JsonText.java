package cacherr.adapters.web.dto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** Stored JSON text (metadata) back into a JSON value, so it is sent as an object and never as a quoted string. */
final class JsonText {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private JsonText() {
    }

    static JsonNode tree(String json) {
        if (json == null) return null;
        try {
            return PLAIN.readTree(json);
        } catch (JsonProcessingException unreadable) {
            return TextNode.valueOf(json); // never fail a listing over one unreadable row
        }
    }

    /** The canonical text of a JSON value. */
    static String text(JsonNode node) {
        try {
            return PLAIN.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
