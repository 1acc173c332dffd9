package cacherr.adapters.web.dto;

import cacherr.domain.file.ByteSizes;

/** A size in bytes and as people read it. */
public record SizeInfo(long bytes, String readable) {
    public static SizeInfo of(long bytes) {
        return new SizeInfo(bytes, ByteSizes.humanReadable(Math.max(0, bytes)));
    }
}
