package cacherr.adapters.web;

import cacherr.adapters.web.dto.Shown;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of a whole list of shown files or audit entries ({@link Shown}), written once and then copied while the
 * same list is shown again — made from the very same domain objects in the same order, as the books give for rows
 * read again unchanged. Each item's JSON is kept already ({@link RememberedJson}), but finding it is two lookups by
 * identity an item: for a 500-row page, a fifth of the request's Java work (docs/PERFORMANCE.md, "Ninth round"). The
 * {@value #LISTS} lists written last are kept, at most {@value #BYTES} bytes of JSON together; a list in another
 * generator (a String, indentation, escapes of its own) is written item by item as before.
 */
final class RememberedListJson extends StdSerializer<Shown<?>> {
    static final int LISTS = 16;
    static final int BYTES = 4 << 20;

    /** A list's JSON as written by a generator with {@code features} (its UTF-8 bytes, once asked, kept beside). */
    private record Kept(Shown<?> list, int features, SerializedString json, int bytes) {
    }

    /** The most recently written first. */
    private final List<Kept> kept = new ArrayList<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    RememberedListJson() {
        super((Class<Shown<?>>) (Class) Shown.class);
    }

    @Override
    public void serialize(Shown<?> list, JsonGenerator out, SerializerProvider provider) throws IOException {
        if (list.isEmpty() || !RememberedJson.plain(out)) {
            items(list, out, provider);
            return;
        }
        Kept found = find(list, out.getFeatureMask());
        if (found == null) {
            SerializedString json = RememberedJson.alone(out, alone -> items(list, alone, provider));
            if (json == null) { // not to be copied (RememberedJson.alone): written as usual
                items(list, out, provider);
                return;
            }
            found = new Kept(list, out.getFeatureMask(), json, json.asUnquotedUTF8().length * 2); // text and bytes
            keep(found);
        }
        Answer answer = Answer.of(out);
        if (answer != null) {
            answer.writeKept(out, found.json().asUnquotedUTF8()); // held, not copied: the bytes writeRawValue writes
        } else {
            out.writeRawValue(found.json());
        }
    }

    /** The list written item by item, as Jackson's own list serializer writes it. */
    private static void items(Shown<?> list, JsonGenerator out, SerializerProvider provider) throws IOException {
        out.writeStartArray(list, list.size());
        for (Object item : list) provider.defaultSerializeValue(item, out);
        out.writeEndArray();
    }

    private Kept find(Shown<?> list, int features) {
        synchronized (kept) {
            for (int i = 0; i < kept.size(); i++) {
                Kept k = kept.get(i);
                if (k.features() == features && k.list().sameSources(list)) {
                    if (i > 0) kept.add(0, kept.remove(i));
                    return k;
                }
            }
            return null;
        }
    }

    private void keep(Kept list) {
        if (list.bytes() > BYTES) return;
        synchronized (kept) {
            kept.add(0, list);
            int total = 0;
            for (int i = 0; i < kept.size(); i++) {
                total += kept.get(i).bytes();
                if (i >= LISTS || total > BYTES) {
                    kept.subList(i, kept.size()).clear();
                    return;
                }
            }
        }
    }
}
