package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns I/O failures into {@link StorageException}s that name the path, so no raw IOException leaves the adapter. */
final class Failures {
    /** An I/O call that yields a value. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    /** An I/O step. */
    interface IoStep {
        void run() throws IOException;
    }

    private Failures() {
    }

    static <T> T get(String doing, Path path, IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw wrap(doing, path, e);
        }
    }

    static void run(String doing, Path path, IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw wrap(doing, path, e);
        }
    }

    static StorageException wrap(String doing, Path path, IOException e) {
        Problem problem = e instanceof NoSuchFileException ? Problem.NOT_FOUND
                : String.valueOf(e.getMessage()).contains("No space left on device") ? Problem.INSUFFICIENT_SPACE // ENOSPC mid-copy
                : Problem.IO_FAILURE;
        String why = e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        return new StorageException(problem, "could not " + doing + " " + path + ": " + why, e);
    }

    static StorageException refuse(Problem problem, String message) {
        return new StorageException(problem, message);
    }
}
