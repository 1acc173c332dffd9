package cacherr.adapters.web;

import cacherr.adapters.web.dto.CachedFileInfo;
import cacherr.adapters.web.dto.IdentityLru;
import cacherr.adapters.web.dto.OperationInfo;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON of a cached file, written once and then copied: a {@link CachedFileInfo} is made once for a file read again
 * unchanged ({@link CachedFileInfo#from}), and its JSON — what Jackson's own serializer writes, kept as UTF-8 bytes —
 * is copied into every later answer that holds that same object. Writing a 50-row page's files field by field, with
 * every character escaped, was about a fifth of the CPU of a list page (docs/PERFORMANCE.md, "Fifth round: a page's
 * CPU"). Kept for the least recently written {@value #FILES} files, by object identity (a new object is written anew).
 * The audit log's entries likewise ({@link OperationInfo#from(java.util.List)}, {@value #ENTRIES} of them): a 500-row
 * page wrote each entry's fields and metadata tree anew (docs/PERFORMANCE.md, "Ninth round").
 */
final class RememberedJson extends StdSerializer<Object> implements ResolvableSerializer, ContextualSerializer {
    static final int FILES = 1_000;
    /** Audit entries kept: two pages of 500. */
    static final int ENTRIES = 1_000;

    private final JsonSerializer<Object> written;
    /** Null: nothing kept (see {@link #createContextual}). */
    private final IdentityLru<Object, Kept> byObject;

    /** A file's JSON as written by a generator with {@code features}. */
    private record Kept(SerializedString json, int features) {
    }

    private RememberedJson(JsonSerializer<Object> written, IdentityLru<Object, Kept> byObject) {
        super(Object.class);
        this.written = written;
        this.byObject = byObject;
    }

    /** The module that writes {@link CachedFileInfo}s and {@link OperationInfo}s so (each mapper its own). */
    static SimpleModule module() {
        IdentityLru<Object, Kept> files = new IdentityLru<>(FILES);
        IdentityLru<Object, Kept> entries = new IdentityLru<>(ENTRIES);
        SimpleModule module = new SimpleModule("cacherr-remembered-json");
        module.addSerializer(new RememberedListJson()); // whole lists of them
        return module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription bean,
                                                      JsonSerializer<?> serializer) {
                Class<?> type = bean.getBeanClass();
                IdentityLru<Object, Kept> kept = type == CachedFileInfo.class ? files
                        : type == OperationInfo.class ? entries : null;
                return kept == null ? serializer : new RememberedJson((JsonSerializer<Object>) serializer, kept);
            }
        });
    }

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
        if (written instanceof ResolvableSerializer resolvable) resolvable.resolve(provider);
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
            throws JsonMappingException {
        JsonSerializer<?> contextual = written instanceof ContextualSerializer c
                ? c.createContextual(provider, property) : written;
        return contextual == written ? this : new RememberedJson((JsonSerializer<Object>) contextual,
                null); // another form of the same type (no annotation asks for one): written anew each time
    }

    @Override
    public void serialize(Object value, JsonGenerator out, SerializerProvider provider) throws IOException {
        if (byObject == null || !plain(out)) {
            written.serialize(value, out, provider);
            return;
        }
        Kept kept = byObject.get(value);
        if (kept == null || kept.features != out.getFeatureMask()) {
            kept = alone(value, out, provider);
            if (kept == null) { // not kept: written as usual
                written.serialize(value, out, provider);
                return;
            }
            byObject.put(value, kept);
        }
        out.writeRawValue(kept.json);
    }

    /**
     * Whether {@code out} writes UTF-8 with nothing but its features to set it apart (no escapes of its own, no
     * indentation): the bytes kept are then what it writes itself. An answer written into a String (the former way,
     * in tests) escapes characters outside the BMP otherwise, and is written field by field.
     */
    static boolean plain(JsonGenerator out) {
        return out instanceof UTF8JsonGenerator && out.getPrettyPrinter() == null && out.getCharacterEscapes() == null
                && out.getHighestEscapedChar() == 0;
    }

    /** {@code value}'s JSON as UTF-8, written alone into a generator of the same kind and features as {@code out}. */
    private Kept alone(Object value, JsonGenerator out, SerializerProvider provider) throws IOException {
        SerializedString json = alone(out, generator -> written.serialize(value, generator, provider));
        return json == null ? null : new Kept(json, out.getFeatureMask());
    }

    /** What writes some JSON into a generator. */
    interface Writing {
        void into(JsonGenerator generator) throws IOException;
    }

    /**
     * What {@code writing} writes, as UTF-8, into a generator of the same kind and features as {@code out}: the bytes
     * {@code out} would write itself, to be copied into it ({@code writeRawValue}). Null when they could not be
     * (another kind of generator, or bytes a copy would not give back).
     */
    static SerializedString alone(JsonGenerator out, Writing writing) throws IOException {
        if (!(out.getCodec() instanceof ObjectMapper mapper)) return null;
        ByteArrayBuilder bytes = new ByteArrayBuilder();
        try (JsonGenerator alone = mapper.createGenerator(bytes, JsonEncoding.UTF8)) {
            alone.setFeatureMask(out.getFeatureMask());
            if (!plain(alone)) return null;
            writing.into(alone);
        }
        byte[] utf8 = bytes.toByteArray();
        SerializedString json = new SerializedString(new String(utf8, StandardCharsets.UTF_8));
        return Arrays.equals(json.asUnquotedUTF8(), utf8) ? json : null;
    }
}
