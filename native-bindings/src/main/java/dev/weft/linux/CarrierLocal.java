package dev.weft.linux;

/**
 * Thread-locals of the <em>carrier</em>: a virtual thread sees the value of the platform thread it is mounted on,
 * not one of its own. Per-carrier state costs nothing per virtual thread, so ten thousand parked connections pay
 * nothing for it.
 */
public final class CarrierLocal {
    private CarrierLocal() {
    }

    /**
     * A {@code jdk.internal.misc.CarrierThreadLocal}, reachable with the {@code --add-exports
     * java.base/jdk.internal.misc=ALL-UNNAMED} Weft runs with anyway (Agrona needs it); without that export, a
     * plain ThreadLocal, which on a virtual thread holds the thread's own value instead. Callers must be correct
     * with either: {@link CallState} is (only larger per connection), and so is a loop lookup that may find none.
     */
    @SuppressWarnings("unchecked")
    public static <T> ThreadLocal<T> create() {
        try {
            return (ThreadLocal<T>) Class.forName("jdk.internal.misc.CarrierThreadLocal").getConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new ThreadLocal<>();
        }
    }
}
