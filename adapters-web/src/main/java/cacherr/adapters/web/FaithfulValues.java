package cacherr.adapters.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Values are stored as they were sent or refused, never changed on the way in. Two ways JSON can say something that
 * does not survive: a lone UTF-16 surrogate ({@code "\ud800"}) is no character, has no UTF-8 form and was stored as
 * {@code ?}; a number beyond a double's range ({@code 1e999999}) is read back as Infinity (or 0) by every JSON
 * reader a client or SQLite uses. Both are refused with the field's path: every string field, and every key, text and
 * number inside a JSON value such as metadata. Floating-point numbers inside such values are read as decimals, so
 * digits a double would round away are kept.
 */
final class FaithfulValues {
    private FaithfulValues() {
    }

    /** The deserializers that refuse such values, for the API's one mapper. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("cacherr-faithful-values");
        module.addDeserializer(String.class, new Strings());
        module.addDeserializer(JsonNode.class, new Trees());
        return module;
    }

    /** A value that would change on the way in; {@link RequestReader} answers it with a 400 naming its path. */
    static final class Refused extends JsonMappingException {
        Refused(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    /** Index of the first surrogate that is not half of a pair, or -1. */
    static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String surrogateProblem(String text, int at) {
        return "contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(text.charAt(at))
                + " at character " + (at + 1) + "), which is no character and cannot be stored as text; send the"
                + " characters themselves in UTF-8, or both halves of a \\uXXXX surrogate pair";
    }

    private static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            return "";
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            int at = value == null ? -1 : loneSurrogate(value);
            if (at >= 0) throw new Refused(p, surrogateProblem(value, at));
            return value;
        }
    }

    private static final class Trees extends StdDeserializer<JsonNode> {
        @SuppressWarnings("unchecked")
        private static final JsonDeserializer<JsonNode> PLAIN = (JsonDeserializer<JsonNode>)
                com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer.getDeserializer(JsonNode.class);

        Trees() {
            super(JsonNode.class);
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return PLAIN.getNullValue(ctxt);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode tree = PLAIN.deserialize(p, ctxt);
            Deque<Object> path = new ArrayDeque<>();
            String problem = problem(tree, path);
            if (problem == null) return tree;
            Refused refused = new Refused(p, problem);
            // Innermost last: prepending from the end leaves the references in order, outside-in.
            Iterator<Object> inward = path.descendingIterator();
            while (inward.hasNext()) {
                Object step = inward.next();
                refused.prependPath(step instanceof Integer index ? new JsonMappingException.Reference(null, index)
                        : new JsonMappingException.Reference(null, (String) step));
            }
            throw refused;
        }

        /** What in {@code node} would change on the way in, with its place left in {@code path}; null when nothing. */
        private static String problem(JsonNode node, Deque<Object> path) {
            if (node.isTextual()) {
                int at = loneSurrogate(node.textValue());
                return at < 0 ? null : surrogateProblem(node.textValue(), at);
            }
            if (node.isNumber()) return numberProblem(node);
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    path.addLast(i);
                    String problem = problem(node.get(i), path);
                    if (problem != null) return problem;
                    path.removeLast();
                }
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    int at = loneSurrogate(field.getKey());
                    if (at >= 0) return "a key " + surrogateProblem(field.getKey(), at);
                    path.addLast(field.getKey());
                    String problem = problem(field.getValue(), path);
                    if (problem != null) return problem;
                    path.removeLast();
                }
            }
            return null;
        }

        /** A number every JSON reader (a double) holds as sent, or why not. */
        private static String numberProblem(JsonNode number) {
            double asDouble = number.doubleValue();
            if (Double.isNaN(asDouble) || Double.isInfinite(asDouble)) {
                return number.asText() + " is beyond the range of a JSON number as readers hold it (a double, up to"
                        + " about ±1.8e308): it would be read back as Infinity";
            }
            if (asDouble == 0 && number.isBigDecimal() && number.decimalValue().signum() != 0) {
                return number.decimalValue().toString() + " is closer to 0 than a JSON number as readers hold it (a"
                        + " double, down to about ±4.9e-324): it would be read back as 0";
            }
            return null;
        }
    }
}
