package cacherr.application.inmemory;

import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The audit log and the journal of file operations, in memory. Thread-safe; takes part in transactions. */
public final class InMemoryOperationJournal implements OperationJournal, InMemoryParticipant {
    private static final Comparator<AuditEntry> NEWEST_FIRST =
            Comparator.comparing(AuditEntry::timestamp).thenComparing(AuditEntry::id).reversed();

    private List<AuditEntry> entries = new ArrayList<>();
    /** The ids of {@link #entries}, so recording one does not read them all. */
    private final Set<String> ids = new HashSet<>();
    private Map<String, FileOperationIntent> unfinished = new LinkedHashMap<>();
    private Map<String, IntentOutcome> finished = new LinkedHashMap<>();

    @Override
    public synchronized void record(AuditEntry entry) {
        if (!ids.add(entry.id())) {
            throw new ConflictException("an audit entry with id " + entry.id() + " exists already");
        }
        entries.add(entry);
    }

    @Override
    public synchronized Page<AuditEntry> list(LogFilter f) {
        List<AuditEntry> matches = entries.stream()
                .filter(e -> f.action() == null || e.action() == f.action())
                .filter(e -> f.user() == null || f.user().equals(e.user()))
                .filter(e -> f.filePath() == null || e.filePath().equals(f.filePath()))
                .filter(e -> f.success() == null || e.success() == f.success())
                .filter(e -> f.since() == null || !e.timestamp().isBefore(f.since()))
                .filter(e -> f.until() == null || e.timestamp().isBefore(f.until()))
                .sorted(NEWEST_FIRST)
                .toList();
        int from = Math.min(f.paging().offset(), matches.size());
        int to = (int) Math.min((long) from + f.paging().limit(), matches.size());
        return new Page<>(matches.subList(from, to), matches.size(), f.paging().limit(), f.paging().offset());
    }

    @Override
    public synchronized int pruneBefore(Instant cutoff, int atMost) {
        List<AuditEntry> oldest = entries.stream().filter(e -> e.timestamp().isBefore(cutoff))
                .sorted(NEWEST_FIRST.reversed()).limit(atMost).toList();
        oldest.forEach(e -> ids.remove(e.id()));
        entries.removeAll(oldest);
        return oldest.size();
    }

    @Override
    public synchronized void begin(FileOperationIntent intent) {
        if (unfinished.containsKey(intent.id()) || finished.containsKey(intent.id())) {
            throw new ConflictException("a file operation with id " + intent.id() + " was begun already");
        }
        unfinished.put(intent.id(), intent);
    }

    @Override
    public synchronized void finish(String intentId, IntentOutcome outcome, Instant at) {
        if (unfinished.remove(intentId) == null) {
            throw new NotFoundException("no unfinished file operation has the id " + intentId);
        }
        finished.put(intentId, outcome);
    }

    @Override
    public synchronized List<FileOperationIntent> unfinished() {
        return unfinished.values().stream()
                .sorted(Comparator.comparing(FileOperationIntent::startedAt).thenComparing(FileOperationIntent::id))
                .toList();
    }

    @Override
    public synchronized Object snapshot() {
        return new Object[] {new ArrayList<>(entries), new LinkedHashMap<>(unfinished), new LinkedHashMap<>(finished)};
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void restore(Object snapshot) {
        Object[] parts = (Object[]) snapshot;
        entries = new ArrayList<>((List<AuditEntry>) parts[0]);
        ids.clear();
        entries.forEach(e -> ids.add(e.id()));
        unfinished = new LinkedHashMap<>((Map<String, FileOperationIntent>) parts[1]);
        finished = new LinkedHashMap<>((Map<String, IntentOutcome>) parts[2]);
    }
}
