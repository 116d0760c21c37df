package io.devmentor.monitoring.postgres;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Writes that could not reach PostgreSQL, in order, in an append-only file that is forced to disk before
 * {@link #append} returns: what was accepted survives a crash of the server as well as an outage of the
 * database. Bounded: past {@link #capacity} entries, appends are refused. Not thread-safe: the store locks.
 */
final class Outbox implements AutoCloseable {

    private final int capacity;
    private final ArrayDeque<String> entries = new ArrayDeque<>();
    private FileChannel channel;

    Outbox(Path file, int capacity) throws IOException {
        this.capacity = capacity;
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (!line.isBlank()) {
                    entries.addLast(line);
                }
            }
        }
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    void append(String line) throws IOException {
        if (entries.size() >= capacity) {
            throw new IOException("the outbox is full (" + capacity + " writes wait for PostgreSQL)");
        }
        channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        entries.addLast(line);
    }

    /** The entries, oldest first: what a store reads back at start. */
    List<String> entries() {
        return List.copyOf(entries);
    }

    String peek() {
        return entries.peekFirst();
    }

    /** The oldest entry is in the database: forget it, and the file once it is all there. */
    void remove() throws IOException {
        entries.removeFirst();
        if (entries.isEmpty()) {
            channel.truncate(0);
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
