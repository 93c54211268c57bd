package ai.refinery.estimators.run;

import ai.refinery.estimators.listen.TrainingListeners;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs driver-side tasks (each usually a distributed Spark fit) {@code parallelism} at a time, with
 * Spark's CrossValidator semantics: results come back in submission order, the pool is shut down in
 * {@code finally}, and the first failing task's own exception is rethrown (remaining tasks are
 * cancelled). Seeds must be drawn by the caller before calling, so results do not depend on the
 * parallelism.
 */
public final class ParallelRunner {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private ParallelRunner() {}

  public static <T> List<T> run(int parallelism, List<? extends Callable<T>> tasks) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1 but is " + parallelism);
    }
    List<T> results = new ArrayList<>(tasks.size());
    if (parallelism == 1 || tasks.size() <= 1) {
      for (Callable<T> t : tasks) {
        results.add(callUnchecked(t));
      }
      return results;
    }
    int poolId = POOLS.incrementAndGet();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(parallelism, tasks.size()),
            r -> {
              Thread th =
                  new Thread(r, "refinery-fit-" + poolId + "-" + threadNo.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    List<Future<T>> futures = new ArrayList<>();
    try {
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(TrainingListeners.propagate(t)));
      }
      for (Future<T> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          for (Future<T> g : futures) {
            g.cancel(true);
          }
          throw rethrow(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for parallel fits", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T callUnchecked(Callable<T> t) {
    try {
      return t.call();
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(t.getMessage(), t);
  }
}
