package cacherr.adapters.web.dto;

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
    private final Map<Identity, V> byKey;

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
     * made for it then (kept for it now unless one is kept already).
     */
    public List<V> map(List<? extends K> keys, Function<? super K, ? extends V> made) {
        @SuppressWarnings("unchecked")
        V[] values = (V[]) new Object[keys.size()];
        for (int i = 0; i < values.length; i++) {
            K key = keys.get(i);
            values[i] = get(key);
            if (values[i] == null) {
                values[i] = made.apply(key);
                putIfAbsent(key, values[i]);
            }
        }
        return List.of(values);
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
