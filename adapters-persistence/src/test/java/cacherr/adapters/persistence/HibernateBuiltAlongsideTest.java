package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SqlitePersistence#opening} returns once the database is migrated and pooled, with Hibernate still being built
 * on a thread of its own (the service builds its web server meanwhile): the books' first use waits for it, and a
 * failure to build it is thrown by {@link SqlitePersistence#ready()} and the first use — never lost, and the pool is
 * closed with the store. {@link SqlitePersistence#open} still returns a store that is ready, or throws.
 */
class HibernateBuiltAlongsideTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        SqlitePersistence.beforeBuild = () -> { };
    }

    @Test
    void theFirstUseWaitsForHibernateWhileTheCallerGoesOn() throws Exception {
        Path file = dir.resolve("books.db");
        CachedFile movie = CachedFileFixtures.aFile("m1").path("movies/Heat (1995).mkv").build();
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            db.bookkeeping().files().save(movie);
        }
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        SqlitePersistence.beforeBuild = () -> {
            building.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (SqlitePersistence db = SqlitePersistence.opening(PersistenceSettings.of(file), progress -> { })) {
            building.await(); // returned while Hibernate is held before its build
            FutureTask<Optional<CachedFile>> read = new FutureTask<>(() -> db.bookkeeping().files()
                    .findById(new FileId("m1")));
            Thread reader = new Thread(read);
            reader.start();
            while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            assertTrue(!read.isDone(), "the read waits for Hibernate");
            finish.countDown();
            assertEquals(Optional.of(movie), read.get());
            db.ready();
            assertSame(db.sessionFactory(), db.sessionFactory());
        }
    }

    @Test
    void aFailureToBuildHibernateIsThrownByReadyAndByTheFirstUse() throws Exception {
        Path file = dir.resolve("books.db");
        SqlitePersistence.beforeBuild = () -> {
            throw new IllegalStateException("no Hibernate today");
        };
        SqlitePersistence db = SqlitePersistence.opening(PersistenceSettings.of(file), progress -> { });
        try {
            assertEquals("no Hibernate today", assertThrows(IllegalStateException.class, db::ready).getMessage());
            assertThrows(IllegalStateException.class, () -> db.bookkeeping().files().findById(new FileId("x")));
        } finally {
            db.close(); // the pool closes; nothing else to close
        }
        assertEquals("no Hibernate today", assertThrows(IllegalStateException.class,
                () -> SqlitePersistence.open(PersistenceSettings.of(file))).getMessage(), "open throws it");

        SqlitePersistence.beforeBuild = () -> { };
        try (SqlitePersistence again = SqlitePersistence.open(PersistenceSettings.of(file))) { // nothing held
            again.bookkeeping().files().save(CachedFileFixtures.aFile("m2").path("movies/Ronin (1998).mkv").build());
            assertTrue(again.bookkeeping().files().findById(new FileId("m2")).isPresent());
        }
    }
}
