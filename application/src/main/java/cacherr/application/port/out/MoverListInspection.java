package cacherr.application.port.out;

import java.time.Instant;
import java.util.List;

/**
 * What the mover's exclusion list looks like, as its adapter sees it.
 *
 * @param location         where the list is (a file path, or a name for an in-memory list)
 * @param entries          how many entries Cacherr wrote below its marker line
 * @param lastWrite        when they were last written, or null when not yet
 * @param hostPathsChecked whether the host paths could be looked at from here (false in a container that does not see
 *                         the host's pools): when false, {@code missingHostPaths} is empty because nothing was checked
 * @param missingCount     entries whose host path does not exist (the likeliest sign of a wrong host path mapping)
 * @param missingHostPaths the first of those, at most {@link #MAX_LISTED}
 * @param riskCount        entries the reader may not match exactly (see {@link Risk})
 * @param risks            the first of those, at most {@link #MAX_LISTED}
 * @param warnings         anything else a person should know (the list's own lines, its file), possibly empty
 */
public record MoverListInspection(String location, int entries, Instant lastWrite, boolean hostPathsChecked,
                                  int missingCount, List<String> missingHostPaths, int riskCount, List<Risk> risks,
                                  List<String> warnings) {
    public static final int MAX_LISTED = 50;

    public MoverListInspection {
        missingHostPaths = List.copyOf(missingHostPaths);
        risks = List.copyOf(risks);
        warnings = List.copyOf(warnings);
    }

    /**
     * An entry the reader may not match as written.
     *
     * @param cachedPath   the file's cached path as Cacherr sees it
     * @param hostPath     the line written for it, or null when it could not be written at all
     * @param mayBeMoved   true when the mover may still move the file (the line may miss it or is not written);
     *                     false when the line matches the file but may also keep other files of a similar name
     * @param why          what the reader does with it, in words
     */
    public record Risk(String cachedPath, String hostPath, boolean mayBeMoved, String why) {
    }
}
