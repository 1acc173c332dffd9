package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import cacherr.adapters.web.dto.IdentityLru;
import cacherr.adapters.web.dto.OperationResultInfo;
import cacherr.adapters.web.dto.Shown;
import cacherr.adapters.web.fixtures.ShownLists;
import cacherr.adapters.web.fixtures.ShownLists.Key;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.OperationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lists shown again — the very same objects in the same order — are the same list ({@link IdentityLru#map}), and
 * their JSON is copied whole ({@link RememberedListJson}); any other list, even of equal objects, a prefix or one
 * object replaced, is made and written anew, byte for byte as Jackson's own list serializer writes it.
 */
class ShownListsTest {
    private final AtomicInteger made = new AtomicInteger();
    private final ShownLists<Map<String, Object>> lists = new ShownLists<>(100, key -> {
        made.incrementAndGet();
        return Map.of("name", key.name(), "made", made.get());
    });
    private final ObjectMapper api = Json.mapper();
    /** Jackson's own list serializer, with the API's features (a plain list is written item by item). */
    private final ObjectMapper former = Json.mapper();

    private Shown<Map<String, Object>> show(List<Key> keys) {
        return lists.show(keys);
    }

    @Test
    void theSameObjectsInOrderAreTheSameListAndEveryOtherListIsMadeAnew() throws Exception {
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) keys.add(new Key("file " + i + " \u00e9\uD83C\uDFAC \"q\""));
        Shown<Map<String, Object>> first = show(keys);
        assertEquals(20, made.get());
        byte[] json = api.writeValueAsBytes(first);
        assertArrayEquals(former.writeValueAsBytes(List.copyOf(first)), json);

        assertSame(first, show(new ArrayList<>(keys)), "the same objects in the same order");
        assertArrayEquals(json, api.writeValueAsBytes(show(keys)));
        assertEquals(20, made.get());

        List<Key> replaced = new ArrayList<>(keys);
        replaced.set(7, new Key(keys.get(7).name())); // equal, but another object
        List<Key> prefix = keys.subList(0, 19);
        List<Key> swapped = new ArrayList<>(keys);
        swapped.set(0, keys.get(1));
        swapped.set(1, keys.get(0));
        for (List<Key> other : List.of(replaced, prefix, swapped)) {
            Shown<Map<String, Object>> list = show(other);
            assertNotSame(first, list);
            assertArrayEquals(former.writeValueAsBytes(List.copyOf(list)), api.writeValueAsBytes(list),
                    other.toString());
            for (int i = 0; i < list.size(); i++) {
                if (other.get(i) == keys.get(i)) assertSame(first.get(i), list.get(i), "kept by identity: " + i);
            }
        }
        assertEquals(21, made.get(), "only the new object was made");
        assertArrayEquals(json, api.writeValueAsBytes(show(keys)), "the first list's JSON still");
    }

    /** A batch's page up to {@link OperationResultInfo#SHOWN_UP_TO} results is shown again; a larger one made anew. */
    @Test
    void batchPagesUpToTheirBoundAreShownAgainAndLargerOnesMadeAnew() {
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i <= OperationResultInfo.SHOWN_UP_TO; i++) {
            results.add(OperationResult.pending("r" + i, "batch", i, null, "/array/F" + i + ".mkv",
                    "/array/F" + i + ".mkv", null, BatchAction.CACHE, null, i));
        }
        List<OperationResult> page = results.subList(0, OperationResultInfo.SHOWN_UP_TO);
        List<OperationResultInfo> first = OperationResultInfo.from(page);
        assertSame(first, OperationResultInfo.from(new ArrayList<>(page)));
        assertEquals(page.stream().map(OperationResultInfo::from).toList(), first);
        List<OperationResultInfo> larger = OperationResultInfo.from(results);
        List<OperationResultInfo> again = OperationResultInfo.from(results);
        assertNotSame(larger, again);
        assertEquals(larger, again);
        for (int i = 0; i < larger.size(); i++) assertNotSame(larger.get(i), again.get(i), "result " + i);
    }
}
