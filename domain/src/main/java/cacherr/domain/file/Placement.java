package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/**
 * Where a file's data lives once it is (or is about to be) on the cache.
 *
 * @param mediaPath    the path as the media server sees it
 * @param originalPath where the file lives on the array
 * @param cachedPath   its copy or link on the cache
 * @param method       how it is placed
 * @param sizeBytes    its size
 * @param note         why the storage chose differently from what was asked (a hard-linked original copied instead of
 *                     swapped, …), or null
 */
public record Placement(String mediaPath, String originalPath, String cachedPath, CacheMethod method, long sizeBytes,
                        String note) {
    public Placement {
        Texts.requirePath("file_path", mediaPath);
        Texts.requirePath("original_path", originalPath);
        Texts.requirePath("cached_path", cachedPath);
        require(method != null, "placement needs a cache method");
        require(sizeBytes >= 0, "file size must not be negative");
    }

    public Placement withoutNote() {
        if (note == null) return this; // every file read from the books: its paths were just checked
        return new Placement(mediaPath, originalPath, cachedPath, method, sizeBytes, null);
    }
}
