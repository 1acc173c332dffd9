package cacherr.adapters.web;

import cacherr.adapters.web.dto.Envelope;
import cacherr.application.port.out.Clock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any route runs (a URI with {@code %00}, bytes that are not UTF-8, an ambiguous
 * path segment): the JSON envelope like every other answer, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;
    private final Clock clock;

    JsonErrorHandler(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Jetty writes a body only for GET, POST and HEAD by default; a refused DELETE or PUT deserves one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String reason = message == null || message.isBlank() ? "the request could not be read" : message;
        String error = code == 400 ? "bad request: " + reason + " (check the URL's path and percent-escapes)"
                : "request refused by the server (" + code + "): " + reason;
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(Envelope.failure(error, clock.now()));
        } catch (JsonProcessingException e) {
            body = ("{\"success\":false,\"message\":null,\"data\":null,\"error\":\"request refused (" + code
                    + ")\",\"timestamp\":null}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
