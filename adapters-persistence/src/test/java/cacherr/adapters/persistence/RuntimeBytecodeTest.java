package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import cacherr.domain.file.CachedFile;
import java.nio.file.Path;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session factory generates no classes at run time (NoRuntimeBytecode, a start-up cost), and the books still
 * write and read whole files through it.
 */
class RuntimeBytecodeTest {
    @TempDir
    Path dir;

    @Test
    void theSessionFactoryUsesNoBytecodeProviderAndStillReadsAndWrites() {
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")))) {
            BytecodeProvider provider = db.sessionFactory().unwrap(SessionFactoryImplementor.class)
                    .getServiceRegistry().requireService(BytecodeProvider.class);
            assertInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class, provider);

            CachedFile file = aFile("f1").path("tv/Show/E1.mkv").build();
            db.bookkeeping().files().save(file);
            assertEquals(file, db.bookkeeping().files().findById(file.id()).orElseThrow());
        }
    }
}
