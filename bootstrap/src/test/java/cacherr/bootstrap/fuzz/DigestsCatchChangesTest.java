package cacherr.bootstrap.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.InProcessService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import cacherr.bootstrap.fixtures.TreeDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fuzz harness's "nothing changed" is not vacuous: one counted access or one changed byte shows in the digests. */
class DigestsCatchChangesTest {
    @Test
    void oneAccessChangesTheBooksDigestAndOneByteTheTreeDigest(@TempDir Path home) throws Exception {
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            Path movie = media.create(1, 1000, 1000, 3).get(0);
            String id = Api.idOf(service.api().cache(movie.toString(), "alice", "atomic_copy").body());
            String books = Books.digest(service.database());
            String tree = TreeDigest.of(service.arrayRoot(), service.cacheRoot());
            assertEquals(books, Books.digest(service.database()), "stable while nothing happens");
            assertEquals(tree, TreeDigest.of(service.arrayRoot(), service.cacheRoot()));

            assertEquals(200, service.api().send("POST", "/api/cached/files/" + id + "/access", null).statusCode());
            assertNotEquals(books, Books.digest(service.database()), "one access shows");

            byte[] content = Files.readAllBytes(movie);
            content[500] ^= 1;
            Files.write(movie, content);
            assertNotEquals(tree, TreeDigest.of(service.arrayRoot(), service.cacheRoot()), "one flipped bit shows");
        }
    }
}
