package cacherr.adapters.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An answer's bytes as Jackson writes them, with the kept JSON of whole lists ({@link RememberedListJson}) held where
 * it goes, by reference: a 500-row answer's 336 KB were copied into Jackson's buffer, its byte builder and then one
 * array of the whole answer before the response saw them (docs/PERFORMANCE.md, "Eleventh round"). Nothing is sent
 * while it is written, so an answer that cannot be written is still a 500 in the envelope, as before.
 */
final class Answer extends OutputStream {
    private byte[] own = new byte[2048];
    private int count;
    /** Kept JSON, never changed, each {@code piece[i]} standing after {@code at[i]} bytes of {@link #own}. */
    private byte[][] pieces = new byte[0][];
    private int[] at = new int[0];
    private int size;

    /** The answer's generator writes into this, or null. */
    static Answer of(JsonGenerator out) {
        return out.getOutputTarget() instanceof Answer answer ? answer : null;
    }

    @Override
    public void write(int b) {
        room(1);
        own[count++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        room(length);
        System.arraycopy(bytes, offset, own, count, length);
        count += length;
        size += length;
    }

    /**
     * {@code json} as the next value of {@code out}, which writes into this: the separator before it written, and the
     * value counted, by the generator itself (an empty raw value); the bytes then held here as they are, never copied
     * (the caller never changes them). The same bytes as {@code out.writeRawValue} of that JSON.
     */
    void writeKept(JsonGenerator out, byte[] json) throws IOException {
        out.writeRawValue("");
        out.flush(); // into this: the generator's buffer, so the kept JSON stands after it
        int n = pieces.length;
        pieces = Arrays.copyOf(pieces, n + 1);
        at = Arrays.copyOf(at, n + 1);
        pieces[n] = json;
        at[n] = count;
        size += json.length;
    }

    /** Its length in bytes. */
    int size() {
        return size;
    }

    /** The whole answer, to be read (a copy only when it holds kept JSON). */
    InputStream input() {
        if (pieces.length == 0) return new ByteArrayInputStream(own, 0, count);
        byte[] whole = new byte[size];
        copy(whole);
        return new ByteArrayInputStream(whole);
    }

    /**
     * The answer written to {@code out}: its first {@code first} bytes (or all, when fewer) in one write — what a
     * stream that decides on its first write (Javalin's compression: its length) was always given —, the rest as the
     * arrays that hold it.
     */
    void writeTo(OutputStream out, int first) throws IOException {
        int head = Math.min(first, size);
        int from = 0;
        if ((pieces.length == 0 ? count : at[0]) < head) { // the first array is shorter: its start put together
            byte[] start = new byte[head];
            copy(start);
            out.write(start);
            from = head;
        }
        int position = 0;
        int ownFrom = 0;
        for (int i = 0; i <= pieces.length; i++) {
            int ownTo = i < pieces.length ? at[i] : count;
            position = slice(out, own, ownFrom, ownTo - ownFrom, position, from);
            ownFrom = ownTo;
            if (i < pieces.length) position = slice(out, pieces[i], 0, pieces[i].length, position, from);
        }
    }

    /** What of {@code bytes[offset, offset + length)}, standing at {@code position}, comes from {@code from} on. */
    private static int slice(OutputStream out, byte[] bytes, int offset, int length, int position, int from)
            throws IOException {
        int skip = Math.min(length, Math.max(0, from - position));
        if (skip < length) out.write(bytes, offset + skip, length - skip);
        return position + length;
    }

    /** The answer's first {@code into.length} bytes copied into {@code into}. */
    private void copy(byte[] into) {
        int filled = 0;
        int ownFrom = 0;
        for (int i = 0; i <= pieces.length && filled < into.length; i++) {
            int ownTo = i < pieces.length ? at[i] : count;
            int n = Math.min(ownTo - ownFrom, into.length - filled);
            System.arraycopy(own, ownFrom, into, filled, n);
            filled += n;
            ownFrom = ownTo;
            if (i < pieces.length) {
                n = Math.min(pieces[i].length, into.length - filled);
                System.arraycopy(pieces[i], 0, into, filled, n);
                filled += n;
            }
        }
    }

    private void room(int more) {
        if (count + more > own.length) own = Arrays.copyOf(own, Math.max(own.length * 2, count + more));
    }
}
