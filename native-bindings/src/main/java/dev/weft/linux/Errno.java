package dev.weft.linux;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The errno values Weft acts on, and the C library's own text for any errno. */
public final class Errno {
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;
    public static final int ECONNRESET = 104;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    /** Linux errnos stay below 4096 (MAX_ERRNO): a larger value is not one and is not cached. */
    private static final int MAX_ERRNO = 4096;
    private static final AtomicReferenceArray<String> TEXTS = new AtomicReferenceArray<>(MAX_ERRNO);

    private Errno() {
    }

    /**
     * {@code "Connection refused (ECONNREFUSED)"}: strerror(3)'s text and, where the C library has it
     * (glibc 2.32 and later), strerrorname_np(3)'s name. Asked of the library once per errno, then cached.
     */
    public static String describe(int errno) {
        if (errno <= 0 || errno >= MAX_ERRNO) {
            return "errno " + errno;
        }
        String text = TEXTS.get(errno);
        if (text == null) {
            text = lookUp(errno);
            TEXTS.set(errno, text);
        }
        return text;
    }

    private static String lookUp(int errno) {
        MemorySegment errnoState = CallState.current().errno;
        String text = string(LinuxLibc.strerror(errnoState, errno));
        String name = LinuxLibc.hasStrerrorname() ? string(LinuxLibc.strerrorname_np(errnoState, errno)) : null;
        if (text == null) {
            text = "errno " + errno;
        }
        return name == null ? text : text + " (" + name + ")";
    }

    /** A C string the library owns (both functions return static text), or null for a NULL pointer. */
    @SuppressWarnings("restricted") // a zero-length segment from a downcall must be given the string's extent
    private static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
