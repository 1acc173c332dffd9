package cacherr.adapters.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping of the API: snake_case names, ISO-8601 times, strict about what clients send. */
final class Json {
    /** True only in tests: times written by Jackson's Java-time module alone (the former way), to compare. */
    static volatile boolean formerInstants = false;
    /** True only in tests: every file's JSON written field by field (the former way), to compare. */
    static volatile boolean formerFiles = false;

    private Json() {
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                // the same text as JavaTimeModule's, without the formatter (left out only by tests, to compare)
                .addModule(formerInstants ? new com.fasterxml.jackson.databind.module.SimpleModule() : IsoInstants.module())
                // Nothing changes on the way in: no lone surrogates, no number a double cannot hold (FaithfulValues).
                .addModule(FaithfulValues.module())
                // a file's JSON written once for a file shown again unchanged (left out only by tests, to compare)
                .addModule(formerFiles ? new com.fasterxml.jackson.databind.module.SimpleModule()
                        : RememberedJson.module())
                // A character beyond the BMP (an emoji) as its four UTF-8 bytes, like every other character, not as
                // two \\uD83C-style escapes: what the answers held before they were written as bytes (Reply).
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // {"user_id":"a","user_id":"b"}: taking either one would be a guess.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // "true" is not a boolean and 1 is not a string: a wrong type is a 400, never a silent guess.
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // Nor is 7 a string: text fields take only JSON strings.
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        // Nor is "" (or a string of blanks and control characters) a missing boolean or number.
        for (LogicalType type : new LogicalType[] {LogicalType.Boolean, LogicalType.Integer, LogicalType.Float}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setAcceptBlankAsEmpty(false);
        }
        return mapper;
    }
}
