package cacherr.adapters.web;

/** The request itself is unusable (malformed JSON, a wrong type, a broken rule); the message names the field. */
final class BadRequestException extends RuntimeException {
    BadRequestException(String message) {
        super(message);
    }
}
