package ai.refinery.estimators.listen;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where listeners are registered. Listeners are scoped to the calling thread (and carried into the
 * worker threads of {@link ai.refinery.estimators.run.ParallelRunner}), so a tuner can listen to
 * one trial's epochs while another trial runs on the next thread; global listeners (a console
 * progress bar) hear everything. Listeners are not params: they are not saved with a stage.
 */
public final class TrainingListeners {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingListeners.class);
  private static final List<TrainingListener> GLOBAL = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<List<TrainingListener>> SCOPED =
      ThreadLocal.withInitial(List::of);

  private TrainingListeners() {}

  /** Adds a listener that hears every event in this JVM until removed. */
  public static void addGlobal(TrainingListener l) {
    GLOBAL.add(l);
  }

  public static void removeGlobal(TrainingListener l) {
    GLOBAL.remove(l);
  }

  /**
   * Runs {@code body} with {@code l} listening on this thread, in addition to the enclosing ones.
   */
  public static <T> T with(TrainingListener l, Supplier<T> body) {
    List<TrainingListener> before = SCOPED.get();
    List<TrainingListener> now = new ArrayList<>(before);
    now.add(l);
    SCOPED.set(List.copyOf(now));
    try {
      return body.get();
    } finally {
      SCOPED.set(before);
    }
  }

  /** Reports an event to the scoped and global listeners; STOP if any of them says so. */
  public static Decision emit(TrainingEvent e) {
    Decision d = Decision.CONTINUE;
    for (TrainingListener l : SCOPED.get()) {
      d = d.and(call(l, e));
    }
    for (TrainingListener l : GLOBAL) {
      d = d.and(call(l, e));
    }
    return d;
  }

  private static Decision call(TrainingListener l, TrainingEvent e) {
    try {
      Decision d = l.onEvent(e);
      return d == null ? Decision.CONTINUE : d;
    } catch (RuntimeException ex) {
      // a broken progress bar must not kill a training run
      LOG.warn(
          "[{}] listener {} failed on {} {}: {}", e.runId(), l, e.kind(), e.step(), ex.toString());
      return Decision.CONTINUE;
    }
  }

  /**
   * Wraps a task so that it runs with this thread's scoped listeners on whatever thread runs it.
   */
  public static <T> Callable<T> propagate(Callable<T> task) {
    List<TrainingListener> captured = SCOPED.get();
    return () -> {
      List<TrainingListener> before = SCOPED.get();
      SCOPED.set(captured);
      try {
        return task.call();
      } finally {
        SCOPED.set(before);
      }
    };
  }
}
