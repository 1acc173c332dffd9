package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user totals kept by triggers stay equal to what the in-memory reference counts, whatever happens. */
class UserTotalsTest {
    @TempDir
    Path dir;

    @Test
    void usersStayEqualToTheReferenceThroughAttachDetachStatusSizeAndDelete() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            CachedFiles sqlite = db.bookkeeping().files();
            CachedFiles reference = new InMemoryCachedFiles();
            Random random = new Random(3);
            List<UserId> users = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"), new UserId("dee"));
            List<CachedFile> files = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                Instant now = CachedFileFixtures.T0.plusSeconds(step);
                int action = files.isEmpty() ? 0 : random.nextInt(7);
                CachedFile changed = null;
                if (action == 0) {
                    var builder = CachedFileFixtures.aFile("f" + step).size(1 + random.nextInt(1000))
                            .status(FileStatus.values()[random.nextInt(FileStatus.values().length)], now);
                    for (UserId user : users) if (random.nextBoolean()) builder.user(user, "test", now);
                    changed = builder.build();
                } else {
                    int index = random.nextInt(files.size());
                    CachedFile file = files.get(index);
                    UserId user = users.get(random.nextInt(users.size()));
                    if ((action == 1 || action == 4) && file.status() == FileStatus.REMOVED) continue; // refused
                    switch (action) {
                        case 1 -> changed = file.isAttributedTo(user) ? file.detach(user) : file.attribute(user, "r", now);
                        case 2 -> changed = rebuiltWith(file, FileStatus.values()[random.nextInt(4)], file.sizeBytes());
                        case 3 -> changed = rebuiltWith(file, file.status(), 1 + random.nextInt(1000));
                        case 4 -> changed = file.attribute(user, "again", now);
                        case 5, 6 -> {
                            files.remove(index);
                            sqlite.delete(file.id());
                            reference.delete(file.id());
                        }
                        default -> throw new IllegalStateException();
                    }
                }
                if (changed != null) {
                    CachedFile saved = changed;
                    files.removeIf(f -> f.id().equals(saved.id()));
                    files.add(saved);
                    sqlite.save(saved);
                    reference.save(saved);
                }
                if (step % 20 == 0) assertEquals(reference.users(), sqlite.users(), "after step " + step);
            }
            assertEquals(reference.users(), sqlite.users());
            assertEquals(reference.statistics().usersCount(), sqlite.statistics().usersCount());
        }
    }

    /** The same file with another status or size, as a status change or a new placement would leave it. */
    private static CachedFile rebuiltWith(CachedFile f, FileStatus status, long size) {
        var placement = new Placement(f.filePath(), f.originalPath(), f.cachedPath(),
                f.cacheMethod(), size, null);
        return CachedFile.restore(new FileId(f.id().value()), placement, f.cachedAt(), f.lastAccessed(),
                f.accessCount(), f.triggeredByUser(), f.triggeredByOperation(), status, f.statusChangedAt(),
                f.attributions(), f.metadata());
    }
}
