package dev.nabla.playground;

/**
 * A request the server refuses, with the HTTP status to answer and a message that names what
 * was wrong; the server turns it into a plain-text reply instead of letting it escape.
 *
 * <pre>{@code throw HttpError.badRequest("learningRate: expected a number in (0, 10], got -1");}</pre>
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    int status() {
        return status;
    }
}
