package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A live client's first message goes out first, whatever other threads send meanwhile, and nothing is lost. */
class LiveClientTest {

    private static final class Recorded extends LiveClient {
        final List<String> written = new CopyOnWriteArrayList<>();

        Recorded() {
            super("test", Optional.empty());
        }

        @Override
        void write(Outgoing message) {
            written.add(message.plainText());
        }

        @Override
        void close() {
        }
    }

    private static Outgoing named(String name) {
        return new Outgoing("\"" + name + "\"", "{}");
    }

    private static List<String> frames(String... names) {
        return java.util.Arrays.stream(names).map(n -> named(n).plainText()).toList();
    }

    @Test
    void whatComesBeforeItStartsIsHeldAndFollowsTheFirstMessageInOrder() {
        Recorded client = new Recorded();
        client.send(named("a"));
        client.send(named("b"));
        assertEquals(List.of(), client.written, "nothing before its first message");
        client.start(named("initialState"));
        client.send(named("c"));
        assertEquals(frames("initialState", "a", "b", "c"), client.written);
    }

    @Test
    void aSenderOnAnotherThreadNeverOvertakesTheFirstMessageNorLosesOne() throws Exception {
        for (int round = 0; round < 200; round++) {
            Recorded client = new Recorded();
            CountDownLatch go = new CountDownLatch(1);
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                IntStream.range(0, 50).forEach(i -> client.send(named("e" + i)));
            });
            sender.start();
            go.countDown();
            client.start(named("initialState"));
            sender.join();
            assertEquals(frames("initialState").get(0), client.written.get(0), "round " + round);
            assertEquals(frames(IntStream.range(0, 50).mapToObj(i -> "e" + i).toArray(String[]::new)),
                    client.written.subList(1, client.written.size()), "round " + round);
        }
    }
}
