package cacherr.adapters.web;

/** A request refused before any handler ran, with the status that says why (403 cross-site, 415 not JSON, …). */
final class RefusedRequestException extends RuntimeException {
    private final int status;

    RefusedRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
