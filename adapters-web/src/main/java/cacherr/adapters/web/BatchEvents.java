package cacherr.adapters.web;

import cacherr.adapters.web.dto.BatchEventData;
import cacherr.application.port.in.BatchListener;
import cacherr.application.port.in.BatchProgress;
import cacherr.application.port.in.WatchBatchesUseCase;
import cacherr.domain.batch.OperationResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of batch operations over Server-Sent Events ({@code GET /api/results/operations/events}):
 * {@code operation_progress} and {@code operation_file_update}, as JSON in each event's data; a browser's
 * {@code EventSource} reads them with no library. One thread sends to every client, in order; a batch hands its
 * events over and never waits for a client. Past {@link #MAX_PENDING} unsent events (a client that does not read)
 * further ones are dropped and counted; an {@code EventSource} reconnects and reloads the state by itself.
 */
final class BatchEvents implements BatchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchEvents.class);
    static final int MAX_PENDING = 10_000;
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final ObjectMapper mapper;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sender;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AutoCloseable watching;
    /** Set first by {@link #close}: a stream that connects after it is ended at once. */
    private volatile boolean closed;

    private record Subscriber(SseClient client, String operationId) {
        boolean wants(String id) {
            return operationId == null || operationId.equals(id);
        }
    }

    BatchEvents(WatchBatchesUseCase batches, ObjectMapper mapper) {
        this.mapper = mapper;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cacherr-sse");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.sender = executor;
        sender.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        this.watching = batches.watch(this);
    }

    /** A new client: {@code ?operation_id=} narrows it to one batch. Told {@code connected} once it is listening. */
    void connect(SseClient client) {
        String only = client.ctx().queryParam("operation_id");
        Subscriber subscriber = new Subscriber(client, only == null || only.isBlank() ? null : only.strip());
        client.keepAlive();
        client.onClose(() -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        if (closed) { // connected while the server stops, after the streams were ended: ended too, at once
            subscribers.remove(subscriber);
            client.close();
            return;
        }
        client.sendEvent("connected", "{\"operation_id\":" + (subscriber.operationId == null ? "null"
                : json(subscriber.operationId)) + "}");
    }

    @Override
    public void progress(BatchProgress progress) {
        publish("operation_progress", progress.batch().id(), BatchEventData.Progress.from(progress));
    }

    @Override
    public void fileUpdated(OperationResult result) {
        publish("operation_file_update", result.operationId(), BatchEventData.FileUpdate.from(result));
    }

    private void publish(String event, String operationId, Object data) {
        if (subscribers.isEmpty()) return;
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            if (dropped.incrementAndGet() % 1000 == 1) LOG.warn("Live batch events dropped: a client is not reading");
            return;
        }
        String text = json(data);
        try {
            sender.execute(() -> {
                pending.decrementAndGet();
                for (Subscriber subscriber : subscribers) {
                    if (subscriber.wants(operationId)) send(subscriber, event, text);
                }
            });
        } catch (RuntimeException stopped) {
            pending.decrementAndGet(); // closing: nobody is listening any more
        }
    }

    private void send(Subscriber subscriber, String event, String text) {
        try {
            if (subscriber.client.terminated()) {
                subscribers.remove(subscriber);
                return;
            }
            subscriber.client.sendEvent(event, text);
        } catch (RuntimeException gone) {
            subscribers.remove(subscriber);
        }
    }

    private void keepAlive() {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.client.sendComment("keep-alive");
            } catch (RuntimeException gone) {
                subscribers.remove(subscriber);
            }
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a live event as JSON", e);
        }
    }

    /** Ends every stream (a stopping server must not wait for them) and stops sending. */
    @Override
    public void close() {
        closed = true; // before the streams are ended: one that connects meanwhile sees it (connect)
        try {
            watching.close();
        } catch (Exception ignored) {
            // the application's listener list; nothing to release
        }
        sender.shutdownNow();
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.client.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        subscribers.clear();
    }
}
