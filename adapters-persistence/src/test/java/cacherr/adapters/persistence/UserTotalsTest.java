package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.UserId;
import java.nio.file.Path;
import java.time.Instant;
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
            Twins twins = new Twins(db.bookkeeping().files());
            CachedFiles sqlite = twins.sqlite, reference = twins.reference;
            Random random = new Random(3);
            List<UserId> users = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"), new UserId("dee"));
            List<CachedFile> files = twins.files;
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
                        case 2 -> changed = Twins.rebuilt(file, FileStatus.values()[random.nextInt(4)],
                                file.sizeBytes(), file.triggeredByOperation(), file.accessCount());
                        case 3 -> changed = Twins.rebuilt(file, file.status(), 1 + random.nextInt(1000),
                                file.triggeredByOperation(), file.accessCount());
                        case 4 -> changed = file.attribute(user, "again", now);
                        case 5, 6 -> twins.delete(index);
                        default -> throw new IllegalStateException();
                    }
                }
                if (changed != null) twins.save(changed);
                if (step % 20 == 0) assertEquals(reference.users(), sqlite.users(), "after step " + step);
            }
            assertEquals(reference.users(), sqlite.users());
            assertEquals(reference.statistics().usersCount(), sqlite.statistics().usersCount());
        }
    }
}
