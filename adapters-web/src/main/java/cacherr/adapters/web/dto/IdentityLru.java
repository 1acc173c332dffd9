package cacherr.adapters.web.dto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values kept for the last {@code capacity} keys used, the keys compared by identity (hashing a file's value, its
 * paths, cost more than finding it); the least recently used go first. Safe for several threads: each call holds the
 * lock for one lookup or one insertion.
 */
public final class IdentityLru<K, V> {
    /** How many lists {@link #map} remembers as a whole. */
    static final int LISTS = 8;
    private final Map<Identity, V> byKey;
    /** The lists {@link #map} made lately, the most recent first. */
    private final List<Shown<V>> lists = new ArrayList<>();

    public IdentityLru(int capacity) {
        this.byKey = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value kept for this very object, or null. */
    public V get(K key) {
        synchronized (byKey) {
            return byKey.get(new Identity(key));
        }
    }

    public void put(K key, V value) {
        synchronized (byKey) {
            byKey.put(new Identity(key), value);
        }
    }

    /** Keeps {@code value} unless a value is kept for this object already. */
    public void putIfAbsent(K key, V value) {
        synchronized (byKey) {
            byKey.putIfAbsent(new Identity(key), value);
        }
    }

    /**
     * {@code made} applied to each of {@code keys}, but a key seen lately — this very object — gets the very value
     * made for it then (kept for it now unless one is kept already); the very same keys in the same order as one of
     * the last {@value #LISTS} lists get that list again, without a lookup per key (500 of them a 500-row page).
     */
    public Shown<V> map(List<? extends K> keys, Function<? super K, ? extends V> made) {
        Object[] sources = keys.toArray();
        Shown<V> again = shownLately(sources);
        if (again != null) return again;
        @SuppressWarnings("unchecked")
        V[] values = (V[]) new Object[sources.length];
        for (int i = 0; i < values.length; i++) {
            @SuppressWarnings("unchecked")
            K key = (K) sources[i];
            values[i] = get(key);
            if (values[i] == null) {
                values[i] = made.apply(key);
                putIfAbsent(key, values[i]);
            }
        }
        Shown<V> shown = new Shown<>(sources, List.of(values));
        if (sources.length == 0) return shown;
        synchronized (lists) {
            lists.add(0, shown);
            if (lists.size() > LISTS) lists.remove(LISTS);
        }
        return shown;
    }

    /** The list made lately for the very same {@code sources} in the same order, or null. */
    private Shown<V> shownLately(Object[] sources) {
        if (sources.length == 0) return null;
        synchronized (lists) {
            for (int i = 0; i < lists.size(); i++) {
                Shown<V> shown = lists.get(i);
                if (shown.sameSources(sources)) {
                    if (i > 0) lists.add(0, lists.remove(i));
                    return shown;
                }
            }
        }
        return null;
    }

    /** An object as a key by identity. */
    private record Identity(Object value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }
}
