package cacherr.adapters.web;

/** A changing request without the configured API token. */
final class UnauthorizedException extends RuntimeException {
    UnauthorizedException(String message) {
        super(message);
    }
}
