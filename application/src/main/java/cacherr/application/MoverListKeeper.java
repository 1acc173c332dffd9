package cacherr.application;

import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.in.MoverListUseCase;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.CachedFiles;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.MoverExclusions;
import cacherr.application.port.out.OperationJournal;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.Transactions;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps Unraid's mover away from the cache: the mover's exclusion list always holds the cached path of every file the
 * books say is on the cache, and nothing else of ours.
 *
 * <p>One mechanism for every use case: the list is derived from the books. The books are watched through the ports the
 * use cases write them with ({@link #bookkeeping()} wraps them): a file saved in any status but {@code removed} owns its
 * cached path, and so does every file operation journalled and not yet finished (a placement's intent is committed
 * before its first file step). At the end of each read-write unit of work:
 * <ul>
 *   <li>paths it <em>adds</em> are written to the list <em>inside</em> the unit of work, before it commits — when the
 *   list cannot be written, the unit of work fails and nothing happens to the files;</li>
 *   <li>paths it <em>removes</em> leave the list only after it committed, that is after the file left the cache (its
 *   record is marked removed, or its intent finished, after the last file step).</li>
 * </ul>
 * So a crash anywhere leaves the list a superset of the books, never a subset, and {@link #rebuild()} at start-up makes
 * it equal again. Removals may be written later, batched, through the executor given (a cleanup of thousands of files
 * then rewrites the list a few times, not thousands); an executor that runs at once writes each one straight away.
 *
 * <p>Statuses on the list: {@code active}, {@code pending_removal} (the file is on the cache until the postponed removal
 * is carried out) and {@code orphaned} (its copy failed a check but may still be on the cache, and is taken off it by
 * cleanup; a line for a file that is gone is ignored by the reader). A {@code removed} file is not on it.
 */
public final class MoverListKeeper implements MoverListUseCase {
    private static final int BATCH = 500;
    private static final Set<FileStatus> ON_LIST =
            EnumSet.of(FileStatus.ACTIVE, FileStatus.ORPHANED, FileStatus.PENDING_REMOVAL);

    private final Bookkeeping books;
    private final MoverExclusions list;
    private final Clock clock;
    private final Executor removals;
    private final Consumer<String> problems;
    private final Bookkeeping kept;
    private final ThreadLocal<Delta> current = new ThreadLocal<>();

    // All guarded by this.
    private final Map<String, String> owners = new HashMap<>();      // owner ("file:id", "intent:id") -> cached path
    private final Map<String, Integer> committed = new HashMap<>();  // cached path -> owners in the committed books
    private final Map<String, Integer> pending = new HashMap<>();    // cached path -> units of work about to commit it
    private SortedSet<String> onDisk;                                // what the list holds, null before the first write
    private boolean stale = true;                                    // onDisk may differ from desired()
    private boolean built;                                           // the books' paths were read by rebuild()
    private boolean flushQueued;
    private String lastError;
    private Instant lastErrorAt;

    /**
     * @param books    the books as the storage adapter provides them
     * @param list     the list to keep
     * @param removals runs a write of removed entries (later, to batch them; or at once)
     * @param problems told, in words, when a write failed (for the log)
     */
    public MoverListKeeper(Bookkeeping books, MoverExclusions list, Clock clock, Executor removals,
                            Consumer<String> problems) {
        this.books = Objects.requireNonNull(books, "books");
        this.list = Objects.requireNonNull(list, "list");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.removals = Objects.requireNonNull(removals, "removals");
        this.problems = Objects.requireNonNull(problems, "problems");
        Transactions transactions = new KeptTransactions();
        this.kept = new Bookkeeping(watch(CachedFiles.class, books.files(), transactions),
                watch(OperationJournal.class, books.journal(), transactions), transactions, books.health());
    }

    /** The books, watched: hand these to the application instead of the storage adapter's own. */
    public Bookkeeping bookkeeping() {
        return kept;
    }

    /**
     * Reads the books and writes the list from them (at start-up, before crash recovery: an interrupted operation's
     * path stays on the list until recovery has finished it).
     *
     * @throws StorageException when the list cannot be written
     */
    public void rebuild() {
        Map<String, String> found = books.transactions().readOnly(() -> {
            Map<String, String> paths = new HashMap<>();
            FileId after = null;
            while (true) {
                List<CachedFile> batch = books.files().findByStatus(ON_LIST, null, after, BATCH);
                batch.forEach(file -> paths.put(fileOwner(file.id()), file.cachedPath()));
                if (batch.size() < BATCH) break;
                after = batch.get(batch.size() - 1).id();
            }
            for (FileOperationIntent intent : books.journal().unfinished()) {
                paths.put(intentOwner(intent.id()), intent.placement().cachedPath());
            }
            return paths;
        });
        synchronized (this) {
            owners.clear();
            committed.clear();
            found.forEach((owner, path) -> {
                owners.put(owner, path);
                committed.merge(path, 1, Integer::sum);
            });
            built = true;
            write(desired(), true);
        }
    }

    /** Writes removed entries now, if any are waiting, and retries a write that failed. */
    public synchronized void flush() {
        flushQueued = false;
        if (!built) return;
        SortedSet<String> want = desired();
        if (!want.equals(onDisk)) write(want, false);
    }

    @Override
    public MoverListStatus status() {
        boolean upToDate;
        int count;
        String error;
        Instant errorAt;
        synchronized (this) {
            SortedSet<String> want = desired();
            upToDate = want.equals(onDisk);
            count = committed.size();
            error = lastError;
            errorAt = lastErrorAt;
        }
        return new MoverListStatus(true, upToDate, count, error, errorAt, list.inspect());
    }

    // ---- the unit of work's two steps ----

    /** Inside the unit of work, before it commits: its new paths are written to the list, or it fails. */
    private void prepare(Delta delta) {
        Map<String, Integer> adding = new HashMap<>();
        delta.changes.values().forEach(path -> {
            if (path != null) adding.merge(path, 1, Integer::sum);
        });
        synchronized (this) {
            if (!built) {
                // Without the books' paths, a write now would drop every file already on the cache from the list.
                throw new IllegalStateException("the mover's exclusion list must be rebuilt from the books first");
            }
            unregister(delta);
            if (adding.isEmpty()) return;
            adding.forEach((path, n) -> pending.merge(path, n, Integer::sum));
            delta.registered = adding;
            if (onDisk != null && onDisk.containsAll(adding.keySet())) return;
            try {
                write(desired(), true);
            } catch (RuntimeException failure) {
                unregister(delta);
                throw failure;
            }
        }
    }

    /** After the unit of work: what it committed counts, what it removed leaves the list. */
    private void end(Delta delta, boolean commit) {
        if (delta.changes.isEmpty()) return; // most units of work (an access, an audit entry) own no path
        synchronized (this) {
            if (!built) return;
            unregister(delta);
            if (commit) delta.changes.forEach(this::apply);
            if (!stale) return; // the owners changed, the set of paths did not
            SortedSet<String> want = desired();
            if (want.equals(onDisk)) return;
            if (onDisk == null || !onDisk.containsAll(want)) {
                write(want, false); // not expected: every addition was written in prepare()
            } else if (!flushQueued) {
                flushQueued = true;
                removals.execute(this::flush);
            }
        }
    }

    private void apply(String owner, String path) {
        String old = path == null ? owners.remove(owner) : owners.put(owner, path);
        if (old != null && committed.computeIfPresent(old, (p, n) -> n == 1 ? null : n - 1) == null) stale = true;
        if (path != null && committed.merge(path, 1, Integer::sum) == 1) stale = true;
    }

    private void unregister(Delta delta) {
        if (delta.registered == null) return;
        delta.registered.forEach((path, n) -> {
            boolean gone = pending.computeIfPresent(path, (p, m) -> m - n <= 0 ? null : m - n) == null;
            if (gone && !committed.containsKey(path)) stale = true;
        });
        delta.registered = null;
    }

    private SortedSet<String> desired() {
        SortedSet<String> want = new TreeSet<>(committed.keySet());
        want.addAll(pending.keySet());
        return want;
    }

    private void write(SortedSet<String> want, boolean mustSucceed) {
        try {
            list.write(Collections.unmodifiableSortedSet(want));
            onDisk = want;
            stale = !want.equals(desired());
            lastError = null;
            lastErrorAt = null;
        } catch (RuntimeException failure) {
            lastError = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            lastErrorAt = clock.now();
            if (mustSucceed) {
                throw failure instanceof StorageException ? failure : new StorageException(
                        StorageException.Problem.IO_FAILURE, "the mover's exclusion list cannot be written: "
                        + lastError, failure);
            }
            problems.accept("The mover's exclusion list could not be updated (it still lists files that left the"
                    + " cache; retried at the next change): " + lastError);
        }
    }

    private static String fileOwner(FileId id) {
        return "file:" + id.value();
    }

    private static String intentOwner(String intentId) {
        return "intent:" + intentId;
    }

    // ---- watching the ports ----

    /** What one unit of work changed: owner -> its cached path, null when it owns none any more. */
    private static final class Delta {
        final Map<String, String> changes = new LinkedHashMap<>();
        Map<String, Integer> registered;
    }

    private final class KeptTransactions implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (current.get() != null) return books.transactions().inTransaction(work); // joins
            Delta delta = new Delta();
            current.set(delta);
            boolean committedWork = false;
            try {
                T result = books.transactions().inTransaction(() -> {
                    T value = work.get();
                    prepare(delta);
                    return value;
                });
                committedWork = true;
                return result;
            } finally {
                current.remove();
                end(delta, committedWork);
            }
        }

        @Override
        public <T> T readOnly(Supplier<T> work) {
            return books.transactions().readOnly(work);
        }
    }

    /**
     * A port that notes the changes to owned paths and passes every call on. A dynamic proxy, not a hand-written
     * decorator, so that a method added to the port later is passed on without being listed here.
     */
    private <P> P watch(Class<P> port, P target, Transactions transactions) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args, target);
            Map.Entry<String, String> change = changeOf(method, args);
            if (change == null) return invoke(method, target, args);
            if (current.get() != null) return invokeNoting(method, target, args, change);
            // A call made outside a unit of work runs in one of its own, like the ports say.
            return transactions.inTransaction(() -> {
                try {
                    return invokeNoting(method, target, args, change);
                } catch (RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            });
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /** The owner a call changes and its new path (value null: owns none), or null when the call changes none. */
    private static Map.Entry<String, String> changeOf(Method method, Object[] args) {
        String name = method.getName();
        if (method.getDeclaringClass() == CachedFiles.class) {
            if (name.equals("save") && args != null && args.length == 1 && args[0] instanceof CachedFile file) {
                return new java.util.AbstractMap.SimpleEntry<>(fileOwner(file.id()),
                        ON_LIST.contains(file.status()) ? file.cachedPath() : null);
            }
            if (name.equals("delete") && args != null && args.length == 1 && args[0] instanceof FileId id) {
                return new java.util.AbstractMap.SimpleEntry<>(fileOwner(id), null);
            }
        } else if (method.getDeclaringClass() == OperationJournal.class) {
            if (name.equals("begin") && args != null && args.length == 1 && args[0] instanceof FileOperationIntent i) {
                return new java.util.AbstractMap.SimpleEntry<>(intentOwner(i.id()), i.placement().cachedPath());
            }
            if (name.equals("finish") && args != null && args.length >= 1 && args[0] instanceof String intentId) {
                return new java.util.AbstractMap.SimpleEntry<>(intentOwner(intentId), null);
            }
        }
        return null;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object invokeNoting(Method method, Object target, Object[] args, Map.Entry<String, String> change)
            throws Throwable {
        Object result = invoke(method, target, args);
        current.get().changes.put(change.getKey(), change.getValue());
        return result;
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Object target) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "watched " + target;
        };
    }
}
