package cacherr.application.port.in;

import cacherr.domain.batch.BatchOperation;

/**
 * How far a batch has got, after each file.
 *
 * @param batch                   the batch as it stands
 * @param currentFile             the file just processed, or null
 * @param estimatedSecondsRemaining from the pace so far, or null before the first file
 */
public record BatchProgress(BatchOperation batch, String currentFile, Long estimatedSecondsRemaining) {
}
