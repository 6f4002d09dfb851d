package dev.weft.transport;

import java.io.IOException;

/** A pump stopped because reading its source or writing its destination failed. */
public final class PumpException extends Exception {
    private final boolean sourceFailed;

    private PumpException(boolean sourceFailed, IOException cause) {
        super((sourceFailed ? "read failed: " : "write failed: ") + cause.getMessage(), cause);
        this.sourceFailed = sourceFailed;
    }

    static PumpException reading(IOException cause) {
        return new PumpException(true, cause);
    }

    static PumpException writing(IOException cause) {
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
