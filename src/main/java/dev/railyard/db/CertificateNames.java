package dev.railyard.db;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * The host names a server's TLS certificate is for, read only to word a failed verify-full ("the
 * certificate is for db.internal, not for host 10.0.0.5"). It opens its own connection, asks for
 * TLS the way the driver does (PostgreSQL's SSLRequest; MySQL's SSL request packet after the
 * greeting), takes the certificate and closes: nothing is sent inside the TLS session, so trusting
 * any certificate here exposes nothing. Empty when the server cannot be read.
 */
final class CertificateNames {

    private static final int PG_SSL_REQUEST = 80877103;
    // CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION
    private static final int MYSQL_CAPABILITIES = 0x0200 | 0x0800 | 0x8000;

    private CertificateNames() {
    }

    static List<String> of(Endpoint endpoint, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1_000, timeout.toMillis()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            boolean tls = endpoint.dialect() == Dialect.POSTGRESQL
                    ? pgAskForTls(socket.getInputStream(), socket.getOutputStream())
                    : mysqlAskForTls(socket.getInputStream(), socket.getOutputStream());
            if (!tls) {
                return List.of();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, endpoint.host(), endpoint.port(), false)) {
                ssl.startHandshake();
                Certificate[] chain = ssl.getSession().getPeerCertificates();
                return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? names(leaf) : List.of();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    /** The DNS and IP subject alternative names; the CN when there are none (as old clients read it). */
    static List<String> names(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                int type = (Integer) entry.get(0);
                if (type == 2 || type == 7) { // dNSName, iPAddress
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        }
        if (names.isEmpty()) {
            String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (String part : subject.split(",")) {
                if (part.toUpperCase(Locale.ROOT).startsWith("CN=")) {
                    names.add(part.substring(3));
                }
            }
        }
        return names;
    }

    private static boolean pgAskForTls(InputStream in, OutputStream out) throws IOException {
        ByteBuffer request = ByteBuffer.allocate(8).putInt(8).putInt(PG_SSL_REQUEST);
        out.write(request.array());
        out.flush();
        return in.read() == 'S';
    }

    private static boolean mysqlAskForTls(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[4];
        data.readFully(header);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        byte[] greeting = new byte[length];
        data.readFully(greeting);
        if (greeting.length == 0 || greeting[0] == (byte) 0xff) {
            return false; // an error packet ("Host is blocked", "Too many connections")
        }
        ByteBuffer request = ByteBuffer.allocate(4 + 32).order(ByteOrder.LITTLE_ENDIAN);
        request.put((byte) 32).put((byte) 0).put((byte) 0).put((byte) (header[3] + 1));
        request.putInt(MYSQL_CAPABILITIES).putInt(16 * 1024 * 1024).put((byte) 45); // utf8mb4
        out.write(request.array());
        out.flush();
        return true;
    }

    /** Accepts any certificate: only its names are read, nothing is sent over the session. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
