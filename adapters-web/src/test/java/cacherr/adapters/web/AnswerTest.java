package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ShownLists.keys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.dto.Shown;
import cacherr.adapters.web.fixtures.ShownLists;
import cacherr.adapters.web.fixtures.ShownLists.Key;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An answer written with the kept JSON of its lists held by reference ({@link Answer}) is byte for byte what Jackson
 * writes for the same value without anything kept, wherever the lists stand (first, between other keys, last, two of
 * them, empty, the whole answer); its first write is as long as asked, and a list's kept JSON goes to the stream as
 * the very array kept, answer after answer — never copied on the way.
 */
class AnswerTest {
    private final ShownLists<Map<String, Object>> lists = new ShownLists<>(1_000, key -> {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", key.name());
        item.put("path", "/array/media/" + key.name() + "/\u00e9\uD83C\uDFAC \"q\" \\ \u2028.mkv");
        return item;
    });
    private final ObjectMapper api = Json.mapper();
    /** Jackson's own serializers, with the API's features, over the same values made plain. */
    private final ObjectMapper former = Json.mapper();

    private Shown<Map<String, Object>> show(List<Key> keys) {
        return lists.show(keys);
    }

    /** A write to the stream: the array it came from, and its bytes. */
    private record Write(byte[] array, byte[] bytes) {
    }

    private static final class Recording extends OutputStream {
        final List<Write> writes = new ArrayList<>();
        final ByteArrayOutputStream all = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new Write(b, java.util.Arrays.copyOfRange(b, off, off + len)));
            all.write(b, off, len);
        }
    }

    private Answer answer(Object value) throws IOException {
        Answer answer = new Answer();
        api.writeValue(answer, value);
        return answer;
    }

    /** {@code value} with every shown list made a plain list: written item by item, nothing kept. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) return list.stream().map(AnswerTest::plain).toList();
        return value;
    }

    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }

    @Test
    void anAnswerIsTheBytesJacksonWritesWithoutKeepingWhereverItsListsStand() throws Exception {
        List<Key> files = keys("file", 300);
        List<Key> others = keys("other", 40);
        List<Object> values = List.of(
                object("success", true, "data", object("files", show(files), "pagination", object("total", 300)),
                        "timestamp", "2026-12-03T13:00:00Z"),
                object("files", show(files)),
                object("first", show(others), "between", 1, "second", show(files), "empty", show(List.of())),
                show(files),
                object("small", show(keys("small", 3)), "after", "\u00e9"));
        for (Object value : values) {
            byte[] expected = former.writeValueAsBytes(plain(value));
            for (int again = 0; again < 2; again++) { // the first time made and kept, then copied as kept
                Answer answer = answer(value);
                assertEquals(expected.length, answer.size());
                assertArrayEquals(expected, answer.input().readAllBytes());
                for (int first : new int[] {1, 2, 64, 4096, expected.length - 1, expected.length,
                        expected.length + 10}) {
                    Recording out = new Recording();
                    answer.writeTo(out, first);
                    assertArrayEquals(expected, out.all.toByteArray(), "first write of " + first);
                    assertTrue(out.writes.get(0).bytes().length >= Math.min(first, expected.length),
                            "the first write: " + out.writes.get(0).bytes().length + " bytes of " + first);
                }
            }
        }
    }

    @Test
    void aListsKeptJsonGoesToTheStreamAsTheArrayKept() throws Exception {
        List<Key> files = keys("file", 300);
        Map<String, Object> value = object("data", object("files", show(files), "total", 300), "end", true);
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Write> large = new ArrayList<>();
        for (int again = 0; again < 3; again++) {
            Recording out = new Recording();
            answer(value).writeTo(out, 4096);
            for (Write write : out.writes) {
                if (write.bytes().length > 10_000) large.add(write);
            }
        }
        assertEquals(3, large.size(), "the list's JSON, in one write an answer");
        for (Write write : large) seen.add(write.array());
        assertEquals(1, seen.size(), "the very same array each time: the kept JSON, not a copy");
        byte[] list = former.writeValueAsBytes(plain(show(files)));
        byte[] kept = large.get(0).array();
        assertArrayEquals(list, kept, "the kept array is the list's JSON");
    }
}
