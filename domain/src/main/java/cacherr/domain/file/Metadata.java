package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/**
 * A small JSON object a client attached to a file, held as its text. The domain does not parse JSON; the adapter
 * that receives it checks it is an object and hands over its canonical text.
 */
public record Metadata(String json) {
    public static final int MAX_LENGTH = 16 * 1024;

    public Metadata {
        require(json != null, "metadata must not be null");
        json = json.strip();
        require(json.startsWith("{") && json.endsWith("}"), "metadata must be a JSON object");
        require(json.length() <= MAX_LENGTH, "metadata must be at most " + MAX_LENGTH + " characters of JSON");
        require(Texts.isWellFormed(json), "metadata must not contain an unpaired surrogate (it is no character)");
    }

    public static Metadata ofNullable(String json) {
        return json == null ? null : new Metadata(json);
    }
}
