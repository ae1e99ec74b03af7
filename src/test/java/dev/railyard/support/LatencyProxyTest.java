package dev.railyard.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyProxyTest {

    @Test
    void oneQueryOnAnOpenConnectionCostsTwoDelaysAndCountsOneRoundTrip() throws Exception {
        MysqlServer server = MysqlServer.shared();
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ofMillis(50));
             Connection c = DriverManager.getConnection(server.jdbcUrl("").replace(":" + server.port() + "/", ":" + proxy.port() + "/"));
             Statement s = c.createStatement()) {
            proxy.resetCounts();
            long start = System.nanoTime();
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis >= 100, "took only " + elapsedMillis + " ms");
            assertEquals(1, proxy.roundTrips());

            try (ResultSet rs = s.executeQuery("SELECT 2")) {
                rs.next();
            }
            assertEquals(2, proxy.roundTrips());
            proxy.resetCounts();
            assertEquals(0, proxy.roundTrips());
        }
    }

    @Test
    void largeTransfersArriveIntactAndInOrderWithoutPerByteDelay() throws Exception {
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (EchoServer echo = new EchoServer();
             LatencyProxy proxy = new LatencyProxy(echo.port(), Duration.ofMillis(20));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < payload.length; i += 1000) {
                        out.write(payload, i, Math.min(1000, payload.length - i));
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long start = System.nanoTime();
            socket.setSoTimeout(30_000);
            byte[] received = socket.getInputStream().readAllBytes();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sending.get(30, TimeUnit.SECONDS);
            assertArrayEquals(payload, received);
            // Thousands of chunks each held 2 x 20 ms would take minutes if delays added up.
            assertTrue(elapsedMillis < 15_000, "took " + elapsedMillis + " ms");
            assertTrue(elapsedMillis >= 40, "took only " + elapsedMillis + " ms");
        }
    }

    @Test
    void aBandwidthCapPacesATransferAndKeepsItIntact() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        long cap = 4L * 1024 * 1024; // 4 MB/s each way: 3 MB take at least 0.75 s, up and back pipelined
        try (EchoServer echo = new EchoServer();
             LatencyProxy proxy = new LatencyProxy(echo.port(), Duration.ofMillis(5), cap);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            long start = System.nanoTime();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < payload.length; i += 64 * 1024) {
                        out.write(payload, i, Math.min(64 * 1024, payload.length - i));
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            socket.setSoTimeout(30_000);
            byte[] received = socket.getInputStream().readAllBytes();
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            sending.get(30, TimeUnit.SECONDS);
            assertArrayEquals(payload, received);
            // Uncapped, loopback moves 3 MB in a few milliseconds; at 4 MB/s it cannot beat 750 ms.
            assertTrue(elapsedMillis >= 700, "3 MB through a 4 MB/s cap took only " + elapsedMillis + " ms");
            assertTrue(elapsedMillis < 10_000, "took " + elapsedMillis + " ms");
        }
    }

    @Test
    void blackHoleAcceptsButNeverAnswers() throws Exception {
        try (LatencyProxy hole = LatencyProxy.blackHole();
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), hole.port())) {
            socket.getOutputStream().write("hello?".getBytes());
            socket.getOutputStream().flush();
            socket.setSoTimeout(300);
            InputStream in = socket.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read);
            assertEquals(1, hole.connections());
            assertEquals(0, hole.roundTrips());
        }
    }

    @Test
    void closeStopsListeningAndCutsOpenConnections() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            LatencyProxy proxy = new LatencyProxy(echo.port(), Duration.ZERO);
            int port = proxy.port();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream().write(7);
                assertEquals(7, socket.getInputStream().read());
                proxy.close();
                socket.setSoTimeout(5_000);
                assertEquals(-1, socket.getInputStream().read());
            }
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        }
    }

    /** Echoes every byte back on each connection, to check what the proxy delivers. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        Thread echo = new Thread(() -> {
                            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                                in.transferTo(out);
                                s.shutdownOutput();
                            } catch (IOException ignored) {
                                // The test sees the effect.
                            }
                        }, "echo");
                        echo.setDaemon(true);
                        echo.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
