package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping {@link RememberedRows}, {@link RememberedReads} and {@link KeptAnswers} share ({@link Keeper}): a
 * value is taken again only at its mark; the least recently used go first, until the rest is within the weight and the
 * number asked for; a value replaced weighs only its new weight; a value heavier than the bound is refused.
 */
class KeeperTest {
    private static final String MARK = "stamp";

    @Test
    void aValueIsTakenAgainOnlyAtTheMarkItWasKeptAt() {
        Keeper<String, Object, String> keeper = new Keeper<>(10);
        keeper.put("row", 7L, "seven", 1);
        keeper.put("text", new byte[] {1, 2, 3}, "bytes", 1);

        assertEquals("seven", keeper.get("row", 7L));
        assertNull(keeper.get("row", 8L), "another mark");
        assertNull(keeper.get("other row", 7L), "another key");
        assertEquals("bytes", keeper.get("text", new byte[] {1, 2, 3}), "a byte array compared by its bytes");
        assertNull(keeper.get("text", new byte[] {1, 2, 4}));
        assertArrayEquals(new long[] {2, 2}, keeper.counts(), "two kept, two taken again");
    }

    @Test
    void aMarkOfSeveralPartsIsFoundByTheOneAsked() {
        Keeper<String, List<Object>, String> keeper = new Keeper<>(10);
        keeper.put("page", List.of(7L, "text"), "value", 1);

        assertEquals("value", keeper.find("page", mark -> mark.get(0).equals(7L)), "by its first part");
        assertEquals("value", keeper.find("page", mark -> mark.get(1).equals("text")), "by its second");
        assertNull(keeper.find("page", mark -> mark.get(0).equals(8L)), "another first part");
        assertNull(keeper.find("other page", mark -> true), "another key");
        assertArrayEquals(new long[] {1, 2}, keeper.counts(), "one kept, taken again twice");
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        Keeper<String, String, String> keeper = new Keeper<>(3);
        for (String key : List.of("a", "b", "c")) keeper.put(key, MARK, key, 1);
        keeper.get("a", MARK); // a used after b and c
        keeper.put("d", MARK, "d", 1);

        assertEquals(List.of("a", "c", "d"), keptOf(keeper, "a", "b", "c", "d")); // used in turn: a, c, d
        keeper.put("a", MARK, "a again", 1); // replacing uses it too: c is the eldest now
        keeper.put("e", MARK, "e", 1);
        assertEquals(List.of("a", "d", "e"), keptOf(keeper, "a", "b", "c", "d", "e"));
        assertEquals(3, keeper.weight());
    }

    @Test
    void theEldestGoUntilTheRestIsWithinTheWeight() {
        Keeper<String, String, String> keeper = new Keeper<>(10);
        for (String key : List.of("a", "b", "c")) keeper.put(key, MARK, key, 4); // 12: a goes
        assertEquals(List.of("b", "c"), keptOf(keeper, "a", "b", "c"));
        assertEquals(8, keeper.weight());

        keeper.put("d", MARK, "d", 9); // 17: b and c go
        assertEquals(List.of("d"), keptOf(keeper, "a", "b", "c", "d"));
        assertEquals(9, keeper.weight());

        keeper.put("e", MARK, "e", 10); // exactly the bound: kept, alone
        assertEquals(List.of("e"), keptOf(keeper, "d", "e"));
        assertEquals(10, keeper.weight());
    }

    @Test
    void aValueReplacedWeighsOnlyItsNewWeight() {
        Keeper<String, String, String> keeper = new Keeper<>(10);
        keeper.put("a", MARK, "a", 4);
        keeper.put("b", MARK, "b", 4);
        keeper.put("a", "later", "a lighter", 1); // 5, not 9; used in turn: b, a
        assertEquals(5, keeper.weight());
        keeper.put("c", MARK, "c", 5); // 10: all stay
        assertEquals(10, keeper.weight());

        keeper.put("c", MARK, "c heavier", 9); // 14: b goes (the eldest), then 10: a stays
        assertEquals(10, keeper.weight());
        assertEquals("a lighter", keeper.get("a", "later"));
        assertNull(keeper.get("a", MARK), "the former value of a");
        assertNull(keeper.get("b", MARK));
        assertEquals("c heavier", keeper.get("c", MARK));
    }

    @Test
    void aValueHeavierThanTheBoundIsRefusedAndPushesNothingOut() {
        Keeper<String, String, String> keeper = new Keeper<>(10);
        keeper.put("a", MARK, "a", 3);
        keeper.put("b", MARK, "b", 3);

        assertFalse(keeper.keeps(11));
        assertTrue(keeper.keeps(10));
        assertFalse(keeper.put("c", MARK, "c", 11));
        assertFalse(keeper.put("a", "later", "a too heavy", 11));

        assertNull(keeper.get("c", MARK));
        assertNull(keeper.get("a", "later"));
        assertEquals("a", keeper.get("a", MARK), "what was kept under its key stays");
        assertEquals(List.of("a", "b"), keptOf(keeper, "a", "b"));
        assertEquals(6, keeper.weight());
        assertEquals(2, keeper.counts()[0], "two kept");
    }

    @Test
    void aBoundInNumberPushesTheEldestOutWithinTheWeight() {
        Keeper<String, String, String> keeper = new Keeper<>(100, 2);
        keeper.put("a", MARK, "a", 1);
        keeper.put("b", MARK, "b", 1);
        keeper.put("c", MARK, "c", 1); // 3 in weight, but three values: a goes
        assertEquals(List.of("b", "c"), keptOf(keeper, "a", "b", "c"));
        assertEquals(2, keeper.weight());

        keeper.put("d", MARK, "d", 99); // 101: b goes (the eldest) for the weight
        assertEquals(List.of("c", "d"), keptOf(keeper, "b", "c", "d"));
        assertEquals(100, keeper.weight());
    }

    @Test
    void aValueIsMadeOnlyWhenNoneIsKeptAtTheMarkAndNothingIsKeptForNone() {
        Keeper<String, Long, String> keeper = new Keeper<>(10);
        List<String> made = new ArrayList<>();

        assertEquals("at 1", keeper.value("a", 1L, () -> madeAs(made, "at 1"), String::length));
        assertEquals("at 1", keeper.value("a", 1L, () -> madeAs(made, "again"), String::length));
        assertEquals("at 2", keeper.value("a", 2L, () -> madeAs(made, "at 2"), String::length));
        assertNull(keeper.value("b", 1L, () -> madeAs(made, null), String::length));
        assertNull(keeper.value("b", 1L, () -> madeAs(made, null), String::length));

        assertEquals(Arrays.asList("at 1", "at 2", null, null), made);
        assertEquals(4, keeper.weight(), "\"at 2\" alone, weighed by its length");
    }

    private static String madeAs(List<String> made, String value) {
        made.add(value);
        return value;
    }

    /** Which of {@code keys} are kept at {@link #MARK}; looking them up uses them, in that order. */
    private static List<String> keptOf(Keeper<String, String, String> keeper, String... keys) {
        List<String> kept = new ArrayList<>();
        for (String key : keys) {
            if (keeper.get(key, MARK) != null) kept.add(key);
        }
        return kept;
    }
}
