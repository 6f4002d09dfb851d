package dev.weft.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.linux.Errors;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Both engines' failure texts, as they come (OpenSSL's reason strings, the JDK's messages), map to one reason. */
class HandshakeFailureTest {

    private static HandshakeFailure of(IOException e) {
        return HandshakeFailure.of(e, false);
    }

    @Test
    void openSslReasons() {
        assertEquals(HandshakeFailure.NO_CLIENT_CERTIFICATE, of(new SSLHandshakeException(
                "peer did not return a certificate")));
        assertEquals(HandshakeFailure.BAD_CLIENT_CERTIFICATE, of(new SSLHandshakeException(
                "certificate verify failed: certificate revoked")));
        assertEquals(HandshakeFailure.NO_SHARED_CIPHER, of(new SSLHandshakeException("no shared cipher")));
        assertEquals(HandshakeFailure.PROTOCOL_VERSION, of(new SSLHandshakeException("unsupported protocol")));
        assertEquals(HandshakeFailure.NOT_TLS, of(new SSLHandshakeException("http request")));
        assertEquals(HandshakeFailure.NOT_TLS, of(new SSLHandshakeException("wrong version number")));
        assertEquals(HandshakeFailure.CLOSED, of(new SSLHandshakeException(
                "the peer closed the connection during the handshake")));
        assertEquals(HandshakeFailure.CLOSED, of(Errors.exception("read", 104)));
    }

    @Test
    void jdkMessages() {
        assertEquals(HandshakeFailure.NO_CLIENT_CERTIFICATE, of(new SSLHandshakeException(
                "Empty client certificate chain")));
        assertEquals(HandshakeFailure.BAD_CLIENT_CERTIFICATE, of(new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path to requested target")));
        assertEquals(HandshakeFailure.NO_SHARED_CIPHER, of(new SSLHandshakeException("no cipher suites in common")));
        assertEquals(HandshakeFailure.PROTOCOL_VERSION, of(new SSLHandshakeException(
                "Client requested protocol TLSv1.1 is not enabled or supported in server context")));
        assertEquals(HandshakeFailure.NOT_TLS, of(new SSLException(
                "Unsupported or unrecognized SSL message")));
        assertEquals(HandshakeFailure.CLOSED, of(new EOFException()));
        assertEquals(HandshakeFailure.CLOSED, of(new AsynchronousCloseException()));
    }

    @Test
    void theDeadlineWinsAndTheRestIsOther() {
        assertEquals(HandshakeFailure.TIMEOUT, HandshakeFailure.of(new AsynchronousCloseException(), true));
        assertEquals(HandshakeFailure.OTHER, of(new SSLHandshakeException("internal error")));
    }
}
