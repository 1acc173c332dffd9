package cacherr.adapters.web.dto;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The objects shown for a list of domain objects ({@link IdentityLru#map}), with the domain objects they were
 * made from: the same domain objects — the very same, in the same order — give the same shown objects, so the API's
 * mapper may copy the whole list's JSON written for them before (docs/PERFORMANCE.md, "Ninth round"). Immutable.
 */
public final class Shown<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] sources;
    private final List<T> shown;

    Shown(Object[] sources, List<T> shown) {
        this.sources = sources;
        this.shown = shown;
    }

    @Override
    public T get(int index) {
        return shown.get(index);
    }

    @Override
    public int size() {
        return shown.size();
    }

    /** Whether {@code other} was made from the very same domain objects in the same order. */
    public boolean sameSources(Shown<?> other) {
        return sameSources(other.sources);
    }

    /** Whether {@code others} are the very same domain objects in the same order. */
    boolean sameSources(Object[] others) {
        if (others.length != sources.length) return false;
        for (int i = 0; i < sources.length; i++) {
            if (others[i] != sources[i]) return false;
        }
        return true;
    }
}
