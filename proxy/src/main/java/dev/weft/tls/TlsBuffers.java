package dev.weft.tls;

import dev.weft.transport.BufferPool;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * The pools every TLS connection of the process shares: buffers that hold one record (received, or decrypted),
 * and buffers that hold a batch of records for one socket write. Sized from what the JDK's TLS sessions need.
 */
public record TlsBuffers(BufferPool records, BufferPool batches) {
    private static final int RECORDS_PER_WRITE = 4;

    public static TlsBuffers create(int capacity) {
        TlsSecurity.configure();
        SSLSession probe;
        try {
            probe = SSLContext.getDefault().createSSLEngine().getSession();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no TLS", e);
        }
        int record = Math.max(probe.getPacketBufferSize(), probe.getApplicationBufferSize());
        return new TlsBuffers(new BufferPool(record, capacity),
                new BufferPool(RECORDS_PER_WRITE * probe.getPacketBufferSize(), capacity));
    }
}
