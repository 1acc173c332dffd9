package cacherr.application.inmemory;

import cacherr.application.port.out.CachedFiles;
import cacherr.domain.error.ConflictException;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The cached-file store in memory. Thread-safe; takes part in {@link InMemoryTransactions}. */
public final class InMemoryCachedFiles implements CachedFiles, InMemoryParticipant {
    private TreeMap<String, CachedFile> byId = new TreeMap<>();
    /** The id holding each media path, so a save or a look-up by path does not read every file. */
    private final Map<String, String> idByPath = new HashMap<>();

    @Override
    public synchronized void save(CachedFile file) {
        String holder = idByPath.get(file.filePath());
        if (holder != null && !holder.equals(file.id().value())) {
            throw new ConflictException("another record already holds the path " + file.filePath());
        }
        CachedFile previous = byId.put(file.id().value(), file);
        if (previous != null) idByPath.remove(previous.filePath());
        idByPath.put(file.filePath(), file.id().value());
    }

    @Override
    public synchronized Optional<CachedFile> findById(FileId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public synchronized Optional<CachedFile> findByPath(String mediaPath) {
        return Optional.ofNullable(idByPath.get(mediaPath)).map(byId::get);
    }

    @Override
    public synchronized Page<CachedFile> list(FileFilter filter) {
        List<CachedFile> matches = matching(filter.criteria()).sorted(FileOrder.of(filter.sort())).toList();
        int from = (int) Math.min(filter.paging().offset(), matches.size());
        int to = (int) Math.min((long) from + filter.paging().limit(), matches.size());
        return new Page<>(matches.subList(from, to), matches.size(), filter.paging().limit(), filter.paging().offset());
    }

    @Override
    public synchronized SearchResult search(SearchQuery query) {
        String needle = query.text().toLowerCase(Locale.ROOT);
        List<CachedFile> matches = byId.values().stream()
                .filter(f -> query.includeRemoved() || f.status() != FileStatus.REMOVED)
                .filter(f -> matchesSearch(f, query.type(), needle))
                .sorted(FileOrder.of(FileSort.NEWEST_FIRST))
                .toList();
        return new SearchResult(matches.subList(0, Math.min(query.limit(), matches.size())), matches.size());
    }

    private static boolean matchesSearch(CachedFile file, SearchType type, String needle) {
        boolean name = contains(file.filename(), needle);
        boolean path = contains(file.filePath(), needle);
        boolean user = file.users().stream().anyMatch(u -> contains(u.value(), needle))
                || (file.triggeredByUser() != null && contains(file.triggeredByUser().value(), needle));
        boolean operation = contains(file.triggeredByOperation().code(), needle);
        switch (type) {
            case FILENAME:
                return name;
            case PATH:
                return path;
            case USER:
                return user;
            case OPERATION:
                return operation;
            default:
                return path || user || operation;
        }
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    @Override
    public long forEach(FileCriteria criteria, FileSort sort, Consumer<CachedFile> sink) {
        List<CachedFile> matches;
        synchronized (this) {
            matches = matching(criteria).sorted(FileOrder.of(sort)).toList();
        }
        matches.forEach(sink);
        return matches.size();
    }

    @Override
    public synchronized List<CachedFile> findByStatus(Set<FileStatus> statuses, UserId user, FileId after, int limit) {
        Map<String, CachedFile> tail = after == null ? byId : byId.tailMap(after.value(), false);
        return tail.values().stream()
                .filter(f -> statuses.contains(f.status()))
                .filter(f -> user == null || f.isAttributedTo(user))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean delete(FileId id) {
        CachedFile removed = byId.remove(id.value());
        if (removed != null) idByPath.remove(removed.filePath());
        return removed != null;
    }

    @Override
    public synchronized CacheStatistics statistics() {
        List<CachedFile> live = live().toList();
        Map<OperationType, Long> files = new EnumMap<>(OperationType.class);
        Map<OperationType, Long> sizes = new EnumMap<>(OperationType.class);
        for (CachedFile file : live) {
            files.merge(file.triggeredByOperation(), 1L, Long::sum);
            sizes.merge(file.triggeredByOperation(), file.sizeBytes(), Long::sum);
        }
        return new CacheStatistics(
                live.size(),
                live.stream().mapToLong(CachedFile::sizeBytes).sum(),
                count(live, FileStatus.ACTIVE),
                count(live, FileStatus.ORPHANED),
                count(live, FileStatus.PENDING_REMOVAL),
                live.stream().flatMap(f -> f.users().stream()).distinct().count(),
                live.stream().map(CachedFile::cachedAt).min(Comparator.naturalOrder()).orElse(null),
                mostAccessed(live.stream()).map(CachedFile::filePath).orElse(null),
                live.stream().filter(f -> f.accessCount() > 0).count(),
                live.stream().mapToLong(CachedFile::accessCount).sum(),
                files,
                sizes);
    }

    private static long count(List<CachedFile> files, FileStatus status) {
        return files.stream().filter(f -> f.status() == status).count();
    }

    private static Optional<CachedFile> mostAccessed(Stream<CachedFile> files) {
        return files.filter(f -> f.accessCount() > 0).max(Comparator.comparingLong(CachedFile::accessCount)
                .thenComparing(CachedFile::lastAccessed, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(f -> f.id().value(), Comparator.reverseOrder()));
    }

    @Override
    public synchronized UserStatistics userStatistics(UserId user, Instant since, int periodDays) {
        List<CachedFile> files = live()
                .filter(f -> attributedAt(f, user).map(t -> !t.isBefore(since)).orElse(false))
                .toList();
        Map<OperationType, Long> byOperation = new EnumMap<>(OperationType.class);
        files.forEach(f -> byOperation.merge(f.triggeredByOperation(), 1L, Long::sum));
        List<CachedFile> recent = files.stream()
                .sorted(Comparator.comparing((CachedFile f) -> attributedAt(f, user).orElseThrow())
                        .thenComparing(f -> f.id().value()).reversed())
                .limit(UserStatistics.RECENT_FILES)
                .toList();
        return new UserStatistics(user, periodDays, files.size(), count(files, FileStatus.ACTIVE),
                files.stream().mapToLong(CachedFile::sizeBytes).sum(), byOperation,
                files.stream().mapToLong(CachedFile::accessCount).average().orElse(0),
                files.stream().mapToLong(CachedFile::accessCount).max().orElse(0),
                mostAccessed(files.stream()).orElse(null), UserStatistics.mostCommon(byOperation), recent);
    }

    private static Optional<Instant> attributedAt(CachedFile file, UserId user) {
        return file.attributions().stream().filter(a -> a.user().equals(user)).map(Attribution::attributedAt).findFirst();
    }

    @Override
    public synchronized List<UserSummary> users() {
        Map<UserId, List<CachedFile>> byUser = new TreeMap<>(Comparator.comparing(UserId::value));
        live().forEach(f -> f.users().forEach(u -> byUser.computeIfAbsent(u, k -> new ArrayList<>()).add(f)));
        List<UserSummary> users = new ArrayList<>();
        byUser.forEach((user, files) -> users.add(new UserSummary(user, files.size(), count(files, FileStatus.ACTIVE),
                files.stream().mapToLong(CachedFile::sizeBytes).sum(),
                files.stream().map(f -> attributedAt(f, user).orElseThrow()).max(Comparator.naturalOrder()).orElseThrow())));
        return users;
    }

    private Stream<CachedFile> live() {
        return byId.values().stream().filter(f -> f.status().isLive());
    }

    private Stream<CachedFile> matching(FileCriteria criteria) {
        return byId.values().stream().filter(predicate(criteria));
    }

    private static Predicate<CachedFile> predicate(FileCriteria c) {
        String needle = c.search() == null ? null : c.search().toLowerCase(Locale.ROOT);
        return f -> (needle == null || contains(f.filePath(), needle))
                && (c.user() == null || f.isAttributedTo(c.user()))
                && (c.status() == null || f.status() == c.status())
                && (c.operation() == null || f.triggeredByOperation() == c.operation())
                && (c.sizeMin() == null || f.sizeBytes() >= c.sizeMin())
                && (c.sizeMax() == null || f.sizeBytes() <= c.sizeMax())
                && (c.cachedSince() == null || !f.cachedAt().isBefore(c.cachedSince()))
                && (c.cachedUntil() == null || !f.cachedAt().isAfter(c.cachedUntil()));
    }

    @Override
    public synchronized Object snapshot() {
        return new TreeMap<>(byId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void restore(Object snapshot) {
        byId = new TreeMap<>((TreeMap<String, CachedFile>) snapshot);
        idByPath.clear();
        byId.values().forEach(f -> idByPath.put(f.filePath(), f.id().value()));
    }
}
