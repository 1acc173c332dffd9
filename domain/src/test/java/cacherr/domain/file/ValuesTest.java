package cacherr.domain.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"atomic_symlink, ATOMIC_SYMLINK", "atomic_copy, ATOMIC_COPY", "atomic_hardlink, ATOMIC_HARDLINK",
            "symlink, ATOMIC_SYMLINK", "copy, ATOMIC_COPY", "hardlink, ATOMIC_HARDLINK", "' COPY ', ATOMIC_COPY"})
    void cacheMethodsAcceptTheirLegacyNamesAsTheAtomicForm(String text, CacheMethod expected) {
        assertEquals(expected, CacheMethod.parse(text));
    }

    @Test
    void anUnknownCacheMethodIsRefusedNamingTheAllowedValues() {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> CacheMethod.parse("move"));
        assertEquals("cache_method must be one of atomic_symlink, atomic_copy, atomic_hardlink (legacy names symlink,"
                + " copy, hardlink are accepted), not 'move'", refused.getMessage());
        assertThrows(InvalidInputException.class, () -> CacheMethod.parse(null));
    }

    @Test
    void operationTypesParseAndRefuseUnknownNames() {
        assertEquals(OperationType.CONTINUE_WATCHING, OperationType.parse("continue_watching"));
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> OperationType.parse("binge"));
        assertTrue(refused.getMessage().startsWith("triggered_by_operation must be one of watchlist, ondeck, trakt,"),
                refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACTIVE_WATCHING", "REAL_TIME_WATCH"})
    void aFileBeingWatchedIsAlwaysCopied(OperationType watching) {
        assertEquals(CacheMethod.ATOMIC_COPY,
                MethodSelection.select(CacheMethod.ATOMIC_SYMLINK, CacheMethod.ATOMIC_HARDLINK, watching, false));
    }

    @Test
    void aFileInUseIsCopiedAndOtherwiseTheRequestOrTheDefaultWins() {
        assertEquals(CacheMethod.ATOMIC_COPY,
                MethodSelection.select(CacheMethod.ATOMIC_SYMLINK, CacheMethod.ATOMIC_SYMLINK, OperationType.WATCHLIST, true));
        assertEquals(CacheMethod.ATOMIC_HARDLINK,
                MethodSelection.select(CacheMethod.ATOMIC_HARDLINK, CacheMethod.ATOMIC_SYMLINK, OperationType.WATCHLIST, false));
        assertEquals(CacheMethod.ATOMIC_SYMLINK,
                MethodSelection.select(null, CacheMethod.ATOMIC_SYMLINK, OperationType.ONDECK, false));
    }

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({"0, 0 B", "512, 512 B", "1023, 1023 B", "1024, 1.0 KB", "1536, 1.5 KB", "1048575, 1.0 MB",
            "1503238553, 1.4 GB", "31460000000, 29.3 GB", "1099511627776, 1.0 TB", "9223372036854775807, 8.0 EB"})
    void sizesAreWrittenForPeople(long bytes, String expected) {
        assertEquals(expected, ByteSizes.humanReadable(bytes));
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.humanReadable(-1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "relative/path.mkv", "/array/../etc/passwd", "/array/./a.mkv", "/array/a\u0000.mkv",
            "/array/a\n.mkv", "/..", "/.", "/array/..", "/array/.", "/array/../", "/array//./a.mkv", "/../array"})
    void aPathMustBeAbsoluteCleanAndWithoutDotSegments(String path) {
        assertThrows(InvalidInputException.class, () -> Texts.requirePath("file_path", path));
    }

    @Test
    void aPathWithDotsInsideNamesIsFine() {
        assertEquals("/array/Movies/Mr. Robot/..hidden..mkv", Texts.requirePath("file_path", "/array/Movies/Mr. Robot/..hidden..mkv"));
        for (String path : new String[] {"/array/...", "/array/.a", "/array/a.", "/array/..a/b", "/array/a../b", "/.x",
                "/x.", "/", "/array//a.mkv"}) {
            assertEquals(path, Texts.requirePath("file_path", path));
        }
    }

    @Test
    void idsAndUsersAreValidated() {
        assertThrows(InvalidInputException.class, () -> new FileId(" "));
        assertThrows(InvalidInputException.class, () -> new FileId("a/b"));
        assertThrows(InvalidInputException.class, () -> new FileId("x".repeat(65)));
        assertEquals("3f2c1a9e-0b7d-4c1e-9a51-2b8f0c6d7e10", new FileId("3f2c1a9e-0b7d-4c1e-9a51-2b8f0c6d7e10").value());
        assertThrows(InvalidInputException.class, () -> new UserId(""));
        assertThrows(InvalidInputException.class, () -> new UserId("a\u0000b"));
        assertThrows(InvalidInputException.class, () -> new UserId("u".repeat(201)));
        assertEquals(null, UserId.ofNullable(null));
    }

    @Test
    void metadataMustBeAJsonObjectOfBoundedSize() {
        assertEquals("{\"a\":1}", new Metadata("  {\"a\":1} ").json());
        assertThrows(InvalidInputException.class, () -> new Metadata("[1,2]"));
        assertThrows(InvalidInputException.class, () -> new Metadata("\"text\""));
        assertThrows(InvalidInputException.class, () -> new Metadata("{\"a\":\"" + "x".repeat(Metadata.MAX_LENGTH) + "\"}"));
    }

    @Test
    void aReasonIsBoundedText() {
        assertThrows(InvalidInputException.class, () -> new Attribution(new UserId("a"), " ", java.time.Instant.EPOCH));
        assertThrows(InvalidInputException.class,
                () -> new Attribution(new UserId("a"), "r".repeat(501), java.time.Instant.EPOCH));
    }

    @Test
    void integrityFindingsDecideTheNextStatus() {
        assertEquals(FileStatus.ORPHANED, IntegrityState.CACHED_COPY_MISSING.statusFor(FileStatus.ACTIVE));
        assertEquals(FileStatus.ORPHANED, IntegrityState.SIZE_MISMATCH.statusFor(FileStatus.ACTIVE));
        assertEquals(FileStatus.ACTIVE, IntegrityState.INTACT.statusFor(FileStatus.ORPHANED));
        assertEquals(FileStatus.ACTIVE, IntegrityState.ORIGINAL_MISSING.statusFor(FileStatus.ACTIVE),
                "the cached copy is the only one left: it must stay, not be orphaned");
        assertEquals(FileStatus.PENDING_REMOVAL, IntegrityState.LINK_BROKEN.statusFor(FileStatus.PENDING_REMOVAL));
        assertEquals(FileStatus.REMOVED, IntegrityState.INTACT.statusFor(FileStatus.REMOVED));
        assertFalse(IntegrityState.CHECKSUM_MISMATCH.cachedCopyUsable());
    }

    @Test
    void aLoneSurrogateIsNoCharacterAndEveryTextualValueRefusesIt() {
        assertTrue(Texts.isWellFormed("\uD83C\uDFAC fan"), "a pair is one character");
        for (String broken : new String[] {"\uD800", "a\uDFFF", "\uDC00\uD800", "x\uD83C"}) {
            assertFalse(Texts.isWellFormed(broken), broken);
            assertThrows(InvalidInputException.class, () -> new UserId(broken));
            assertThrows(InvalidInputException.class, () -> Texts.requireText("reason", broken, 500));
            assertThrows(InvalidInputException.class, () -> Texts.requirePath("file_path", "/array/" + broken));
            assertThrows(InvalidInputException.class, () -> new Metadata("{\"k\":\"" + broken + "\"}"));
        }
        assertEquals("user id must not contain an unpaired surrogate (it is no character)",
                assertThrows(InvalidInputException.class, () -> new UserId("\uD800")).getMessage());
    }
}
