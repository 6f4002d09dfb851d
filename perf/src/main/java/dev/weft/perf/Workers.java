package dev.weft.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task per connection on virtual threads and collects their results, failing on the first failure. */
final class Workers {
    private Workers() {
    }

    interface Task<T> {
        T run(int index) throws Exception;
    }

    static <T> List<T> run(int count, Task<T> task) throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(executor.submit((Callable<T>) () -> task.run(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    executor.shutdownNow();
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        }
    }
}
