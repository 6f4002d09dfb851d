package dev.weft.transport.epoll;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * Virtual threads with a scheduler of Weft's choosing. The JDK has no public API for it yet; its own tests use a
 * package-private constructor of the virtual thread builder that takes the scheduler, reachable with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which {@code bin/weft} and the jar's manifest give. Where it
 * is missing (another JDK, or a JVM started without the flag), threads run on the JDK's own scheduler: correct,
 * with one more thread hand-off per wake-up.
 */
final class VirtualThreadHook {
    private static final MethodHandle BUILDER = find();

    private VirtualThreadHook() {
    }

    /** Whether virtual threads can be given Weft's scheduler in this JVM. */
    static boolean available() {
        return BUILDER != null;
    }

    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        if (BUILDER == null) {
            return Thread.ofVirtual();
        }
        try {
            return (Thread.Builder.OfVirtual) BUILDER.invoke(scheduler);
        } catch (Throwable e) {
            throw new IllegalStateException("the JDK refused a virtual thread builder", e);
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(builder, MethodHandles.lookup());
            return lookup.findConstructor(builder, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
