package dev.weft.linux;

/** The errno values Weft acts on, and a readable name for any of them. */
public final class Errno {
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int EADDRINUSE = 98;
    public static final int ECONNRESET = 104;
    public static final int EISCONN = 106;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    private Errno() {
    }

    /** {@code "Connection refused (ECONNREFUSED)"}, or {@code "errno 71"} for one not listed here. */
    public static String describe(int errno) {
        return switch (errno) {
            case EINTR -> "Interrupted system call (EINTR)";
            case EBADF -> "Bad file descriptor (EBADF)";
            case EAGAIN -> "Resource temporarily unavailable (EAGAIN)";
            case ENFILE -> "Too many open files in system (ENFILE)";
            case EMFILE -> "Too many open files (EMFILE)";
            case EPIPE -> "Broken pipe (EPIPE)";
            case EADDRINUSE -> "Address already in use (EADDRINUSE)";
            case ECONNRESET -> "Connection reset by peer (ECONNRESET)";
            case EISCONN -> "Transport endpoint is already connected (EISCONN)";
            case ETIMEDOUT -> "Connection timed out (ETIMEDOUT)";
            case ECONNREFUSED -> "Connection refused (ECONNREFUSED)";
            case EHOSTUNREACH -> "No route to host (EHOSTUNREACH)";
            case EALREADY -> "Operation already in progress (EALREADY)";
            case EINPROGRESS -> "Operation now in progress (EINPROGRESS)";
            default -> "errno " + errno;
        };
    }
}
