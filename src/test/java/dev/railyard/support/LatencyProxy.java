package dev.railyard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that makes a local server feel like one across the internet: every chunk
 * is held for a fixed delay in each direction, so a request/response costs two delays, the way
 * Railway's proxy adds 30-150 ms per query. It counts round trips (a burst of client bytes answered
 * by the server), which lets tests prove that a view costs one query.
 *
 * <p>With a bandwidth cap ({@link #LatencyProxy(int, Duration, long)}) each connection passes at most
 * that many bytes a second in each direction, as a link of that speed does, and holds at most a
 * bounded amount in flight, so a slow reader slows the sender down as TCP would.
 *
 * <p>{@link #blackHole()} accepts connections and never answers: a server that hangs, for timeouts.
 */
public final class LatencyProxy implements AutoCloseable {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final int targetPort;
    private final long delayNanos;
    /** Bytes a second per connection and direction; 0 for no cap. */
    private final long bytesPerSecond;
    private final boolean blackHole;
    private final ServerSocket listener;
    private final String name;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;
    /** Set while paused: writers wait on it before sending anything. */
    private volatile java.util.concurrent.CountDownLatch paused;

    /** Forwards to {@code 127.0.0.1:targetPort}, adding {@code delayEachWay} to each direction. */
    public LatencyProxy(int targetPort, Duration delayEachWay) {
        this(targetPort, delayEachWay, 0, false);
    }

    /**
     * As {@link #LatencyProxy(int, Duration)}, and each connection carries at most {@code bytesPerSecond}
     * in each direction (0: no cap), like Railway's proxy at about 25 MB/s.
     */
    public LatencyProxy(int targetPort, Duration delayEachWay, long bytesPerSecond) {
        this(targetPort, delayEachWay, bytesPerSecond, false);
    }

    private LatencyProxy(int targetPort, Duration delayEachWay, long bytesPerSecond, boolean blackHole) {
        if (delayEachWay.isNegative()) {
            throw new IllegalArgumentException("A delay cannot be negative: " + delayEachWay);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("A bandwidth cannot be negative: " + bytesPerSecond);
        }
        this.targetPort = targetPort;
        this.delayNanos = delayEachWay.toNanos();
        this.bytesPerSecond = bytesPerSecond;
        this.blackHole = blackHole;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.name = "latency-proxy-" + NEXT_ID.incrementAndGet() + "-" + listener.getLocalPort();
        this.acceptor = start(name + "-accept", this::acceptLoop);
    }

    /** Stops passing bytes on, both ways, until {@link #resume()}: a server that has stalled. */
    public synchronized void pause() {
        if (paused == null) {
            paused = new java.util.concurrent.CountDownLatch(1);
        }
    }

    /** Passes bytes on again. */
    public synchronized void resume() {
        if (paused != null) {
            paused.countDown();
            paused = null;
        }
    }

    /** A proxy that accepts connections, swallows what it receives and never answers. */
    public static LatencyProxy blackHole() {
        return new LatencyProxy(0, Duration.ZERO, 0, true);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Requests answered since creation or the last {@link #resetCounts()}, over all connections. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** Client connections accepted since creation or the last {@link #resetCounts()}. */
    public long connections() {
        return connections.get();
    }

    public void resetCounts() {
        roundTrips.set(0);
        connections.set(0);
    }

    /** Stops listening and cuts every open connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        // The JDK closes a listening socket for real only once the thread blocked in accept() has left it;
        // until then new connections still land in the backlog. Wait, so that "closed" means refused.
        if (Thread.currentThread() != acceptor) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            track(client);
            if (blackHole) {
                start(name + "-swallow", () -> swallow(client));
                continue;
            }
            Socket server;
            try {
                server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client); // the client sees the refusal as a closed connection
                continue;
            }
            track(server);
            Link link = new Link(client, server);
            // A response after a request completes a round trip; further response chunks belong to it.
            AtomicBoolean requestPending = new AtomicBoolean();
            pump(link, client, server, "up", () -> requestPending.set(true));
            pump(link, server, client, "down", () -> {
                if (requestPending.compareAndSet(true, false)) {
                    roundTrips.incrementAndGet();
                }
            });
            if (closed) {
                link.close();
            }
        }
    }

    /**
     * One direction: a reader puts each chunk on a queue stamped with when it may leave, a writer
     * sends chunks in order once their time has come. Order is kept because the delay is the same
     * for every chunk, and the wait is per chunk, never per byte. With a bandwidth cap the writer
     * also waits until the link has carried the previous chunks at that rate, and the queue is
     * bounded, so the reader stops reading (and the sender's TCP window fills) when the link is full.
     */
    private void pump(Link link, Socket from, Socket to, String direction, Runnable onChunk) {
        BlockingQueue<Chunk> queue = bytesPerSecond > 0 ? new LinkedBlockingQueue<>(256) : new LinkedBlockingQueue<>();
        start(name + "-" + direction + "-read", () -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                // Not closed here: closing a socket's stream closes the socket, and the other direction may still run.
                InputStream in = from.getInputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    onChunk.run();
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException e) {
                // Reset or closed: end this direction like an orderly end of stream.
            } catch (InterruptedException e) {
                return; // close() interrupts: the writer is interrupted too
            }
            try {
                queue.put(new Chunk(null, System.nanoTime() + delayNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        start(name + "-" + direction + "-write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                long linkFreeAt = System.nanoTime(); // when the capped link has carried everything sent so far
                while (true) {
                    Chunk chunk = queue.take();
                    long due = chunk.dueNanos;
                    if (bytesPerSecond > 0 && chunk.data != null) {
                        // The chunk leaves once the link is free, and occupies it for its size over the rate.
                        long start = Math.max(linkFreeAt, chunk.dueNanos - delayNanos); // arrived at due - delay
                        linkFreeAt = start + chunk.data.length * 1_000_000_000L / bytesPerSecond;
                        due = linkFreeAt + delayNanos;
                    }
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    }
                    java.util.concurrent.CountDownLatch gate = paused;
                    if (gate != null) {
                        gate.await();
                    }
                    if (chunk.data == null) {
                        to.shutdownOutput(); // pass the half-close on, after the same delay
                        link.directionDone();
                        return;
                    }
                    out.write(chunk.data);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                link.close();
            }
        });
    }

    private void swallow(Socket client) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = client.getInputStream();
            while (in.read(buffer) >= 0) {
                // Never answers; keeps the connection open until the client or close() ends it.
            }
        } catch (IOException ignored) {
            // Closed.
        }
        // Keep the socket open after the client's half-close: a hung server does not hang up either.
    }

    private void track(Socket socket) {
        sockets.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
    }

    private Thread start(String threadName, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, threadName);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return thread;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }

    private record Chunk(byte[] data, long dueNanos) {
    }

    /** A client socket and its server socket; closed together once both directions are done or one fails. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger openDirections = new AtomicInteger(2);

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void directionDone() {
            if (openDirections.decrementAndGet() == 0) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            sockets.remove(client);
            sockets.remove(server);
        }
    }

    @Override
    public String toString() {
        return name + (blackHole ? " (black hole)" : " -> 127.0.0.1:" + targetPort + ", "
                + Duration.ofNanos(delayNanos).toMillis() + " ms each way"
                + (bytesPerSecond > 0 ? ", " + bytesPerSecond / 1024 + " KB/s" : ""));
    }
}
