package dev.weft.transport;

import java.io.IOException;

/** A pump stopped because reading its source or writing its destination failed. */
public final class PumpException extends Exception {
    private final boolean sourceFailed;

    private PumpException(boolean sourceFailed, IOException cause) {
        // No stack trace: a pump ends this way whenever a peer resets, and the cause says all there is.
        super((sourceFailed ? "read failed: " : "write failed: ") + cause.getMessage(), cause, false, false);
        this.sourceFailed = sourceFailed;
    }

    /** Reading the source failed. */
    public static PumpException reading(IOException cause) {
        return new PumpException(true, cause);
    }

    /** Writing the destination failed. */
    public static PumpException writing(IOException cause) {
        return new PumpException(false, cause);
    }

    public boolean sourceFailed() {
        return sourceFailed;
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
