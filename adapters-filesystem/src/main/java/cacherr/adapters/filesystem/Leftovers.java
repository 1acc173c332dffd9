package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes one of the adapter's temporary names before it is used again, but only when what is there can be the
 * adapter's own: a file or a symlink (a temporary copy, a temporary link). A directory, or anything else, at such a
 * name is not the adapter's: it may hold user data, so it is never deleted, and the operation stops with a 409 that
 * says where it is.
 */
final class Leftovers {
    private Leftovers() {
    }

    static void remove(Path temp, Guard guard) {
        if (!requireOurs(temp)) return;
        guard.before(Guard.Step.DELETE, temp);
        Failures.run("remove the temporary file", temp, () -> Files.deleteIfExists(temp));
    }

    /**
     * Refuses (409) when something that cannot be the adapter's is at the temporary name; whether anything is there.
     * Lets an operation check all its temporary names before it changes anything.
     */
    static boolean requireOurs(Path temp) {
        FileFacts facts = FileFacts.read(temp);
        if (facts == null) return false;
        if (!facts.regular() && !facts.symlink()) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, temp + " is a directory (or another kind of file) at a name"
                    + " Cacherr keeps for its temporary files; Cacherr did not make it, so it was left as it is."
                    + " Move or rename it, then try again");
        }
        return true;
    }
}
