package cacherr.adapters.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Reads request bodies and parameter records, and checks them with Bean Validation; every failure is a 400. */
final class RequestReader {
    private final ObjectMapper mapper;
    private final Validator validator;

    RequestReader(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** The body as {@code type}, validated; a missing or empty body is refused. */
    <T> T body(Context ctx, Class<T> type) {
        T value = parse(utf8Body(ctx), type);
        if (value == null) throw new BadRequestException("a JSON request body is required");
        return valid(value);
    }

    /** The body as {@code type}, validated; a missing or empty body gives {@code defaults}. */
    <T> T optionalBody(Context ctx, Class<T> type, Supplier<T> defaults) {
        T value = parse(utf8Body(ctx), type);
        return valid(value == null ? defaults.get() : value);
    }

    /** {@code value} if it keeps every constraint of its type, else a 400 naming each field and rule. */
    <T> T valid(T value) {
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (violations.isEmpty()) return value;
        // Record components carry their constraints to field and accessor alike: the same rule can be reported twice.
        Set<String> messages = violations.stream()
                .map(v -> Names.snake(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .collect(Collectors.toCollection(TreeSet::new));
        throw new BadRequestException(String.join("; ", messages));
    }

    /** The body as text; bytes that are not UTF-8 are refused, not silently replaced by U+FFFD. */
    private static String utf8Body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the request body is not valid UTF-8");
        }
    }

    private <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) return null;
        try {
            return mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            throw new BadRequestException("unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (FaithfulValues.Refused refused) {
            String path = pathOf(refused);
            throw new BadRequestException((path.isEmpty() ? "" : path + ": ") + refused.getOriginalMessage());
        } catch (MismatchedInputException mismatch) {
            throw new BadRequestException(mismatchMessage(mismatch));
        } catch (JsonMappingException mapping) {
            throw new BadRequestException(pathOf(mapping) + ": " + rootMessage(mapping));
        } catch (JsonProcessingException malformed) {
            throw new BadRequestException("malformed JSON: " + malformed.getOriginalMessage());
        }
    }

    private static String mismatchMessage(MismatchedInputException mismatch) {
        String path = pathOf(mismatch);
        if (path.isEmpty()) return "the request body must be a JSON object";
        Class<?> target = mismatch.getTargetType();
        return path + ": must be " + (target == null ? "of another type" : TypeNames.of(target));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() == null ? "invalid value" : root.getMessage();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) path.append('.');
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Type names a client understands. */
    private static final class TypeNames {
        static String of(Class<?> type) {
            if (type == Boolean.class || type == boolean.class) return "true or false";
            if (type == String.class) return "a string";
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
            if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "an array";
            return "a JSON object";
        }
    }
}
